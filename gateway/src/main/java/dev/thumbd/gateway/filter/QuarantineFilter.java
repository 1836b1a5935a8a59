package dev.thumbd.gateway.filter;

import dev.thumbd.gateway.routing.Quarantine;
import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * A {@code /v1/resize} request whose fingerprint is quarantined ({@link Quarantine}: a replica died while working on
 * it) is answered 503 {@code quarantined} here and never sent to another replica.
 */
public final class QuarantineFilter implements WebFilter, Ordered {

    public static final int ORDER = SignatureFilter.ORDER + 1;

    private final Quarantine quarantine;

    public QuarantineFilter(Quarantine quarantine) {
        this.quarantine = quarantine;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String fingerprint = exchange.getAttribute(Headers.FINGERPRINT_ATTR);
        if (fingerprint != null && quarantine.refuses(fingerprint)) {
            return Mono.error(quarantined(quarantine));
        }
        return chain.filter(exchange);
    }

    static ProblemException quarantined(Quarantine quarantine) {
        return new ProblemException(ProblemType.QUARANTINED, "A resizer stopped while working on this request; it is "
                + "not sent to another one for up to " + quarantine.ttl().toSeconds() + " s.");
    }
}
