package dev.thumbd.gateway.filter;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Security headers on every response, set just before it is committed so that neither an upstream response nor an
 * error page can drop them: no MIME sniffing, no framing, no referrer, and a content security policy that lets
 * nothing run (an image needs none, and a problem document must never be rendered as a page). HSTS when the request
 * came over TLS. A web filter, so that answers no route produced (404 for an unknown path, 400 for a path that is not
 * canonical) carry them too.
 */
public final class SecurityHeadersFilter implements WebFilter, Ordered {

    public static final int ORDER = TraceIdFilter.ORDER + 1;

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        boolean tls = exchange.getRequest().getSslInfo() != null;
        exchange.getResponse().beforeCommit(() -> {
            HttpHeaders h = exchange.getResponse().getHeaders();
            h.set("X-Content-Type-Options", "nosniff");
            h.set("X-Frame-Options", "DENY");
            h.set("Referrer-Policy", "no-referrer");
            h.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; sandbox");
            if (tls) {
                h.set("Strict-Transport-Security", "max-age=31536000");
            }
            return Mono.empty();
        });
        return chain.filter(exchange);
    }
}
