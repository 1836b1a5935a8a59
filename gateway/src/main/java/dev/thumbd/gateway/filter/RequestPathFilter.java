package dev.thumbd.gateway.filter;

import dev.thumbd.http.RequestPath;
import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The first check of every request, before any route or other filter: its path must be byte-for-byte canonical
 * ({@link RequestPath}), else 400; a GET or HEAD must carry no body (it would be read into memory for the retries of
 * the read route). The query of every routed request is decoded strictly once, by {@link CanonicalizeFilter}.
 * Every later decision (which endpoint, whether it needs a signature or an API key) reads the raw path, which is
 * safe only because of this check: a path with one spelling cannot mean one thing here and another to a resizer.
 */
public final class RequestPathFilter implements WebFilter, Ordered {

    public static final int ORDER = RateLimitFilter.ORDER + 1;

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return Mono.defer(() -> {
            RequestPath.check(exchange.getRequest().getPath().value());
            if (exchange.getRequest().getURI().getRawFragment() != null) {
                throw new ProblemException(ProblemType.NON_CANONICAL_PATH,
                        "A request target has no fragment (#); the request path must be in canonical form.");
            }
            HttpMethod m = exchange.getRequest().getMethod();
            HttpHeaders h = exchange.getRequest().getHeaders();
            if ((HttpMethod.GET.equals(m) || HttpMethod.HEAD.equals(m))
                    && (h.getContentLength() > 0 || h.containsHeader(HttpHeaders.TRANSFER_ENCODING))) {
                throw new ProblemException(ProblemType.INVALID_PARAMETER, "A " + m.name() + " request carries no body.");
            }
            return chain.filter(exchange);
        });
    }
}
