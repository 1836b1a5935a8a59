package dev.thumbd.gateway.filter;

import dev.thumbd.signing.SignatureVerifier;
import dev.thumbd.spec.ParsedQuery;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Checks the signature of {@code /v1/resize} URLs (docs/SIGNING.md): 403 {@code invalid-signature} when it is
 * missing, wrong, expired or made with a retired or unknown key. Unsigned URLs pass only when the deployment allows
 * them ({@code thumbd.gateway.allow-unsigned}); a URL that carries a signature is always checked. {@code /v1/info}
 * follows the same rule, its signature made over {@code /v1/info?src=...}: unsigned, it would tell anyone whether a
 * key exists and the version of what it holds, and have the resizer read originals for free.
 */
public final class SignatureFilter implements WebFilter, Ordered {

    public static final int ORDER = CanonicalizeFilter.ORDER + 1;

    private final SignatureVerifier verifier;
    private final boolean allowUnsigned;

    public SignatureFilter(SignatureVerifier verifier, boolean allowUnsigned) {
        this.verifier = verifier;
        this.allowUnsigned = allowUnsigned;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return Mono.defer(() -> {
            ParsedQuery q = exchange.getAttribute(Headers.PARSED_QUERY_ATTR);
            if (q != null && !(allowUnsigned && q.signing().isEmpty())) {
                verifier.verify(exchange.getRequest().getPath().value(), q.spec(), q.signing());
            }
            ParsedQuery info = exchange.getAttribute(Headers.INFO_QUERY_ATTR);
            if (info != null && !(allowUnsigned && info.signing().isEmpty())) {
                verifier.verify(exchange.getRequest().getPath().value(), info.spec(), info.signing());
            }
            return chain.filter(exchange);
        });
    }
}
