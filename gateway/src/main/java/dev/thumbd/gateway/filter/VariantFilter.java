package dev.thumbd.gateway.filter;

import dev.thumbd.gateway.metrics.GatewayMeters;
import dev.thumbd.gateway.routing.RendezvousHashing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpCookie;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Canary and A/B: sends a sticky share of clients to the canary pool. A {@code thumbd_variant} cookie naming a variant
 * ({@code stable} or the canary's name) pins it (for testers, or a site that assigns users itself); otherwise the
 * client is that cookie's value, else its API key, else its address, and its hash picks the variant,
 * so the same client sees the same variant on every request and every gateway. The variant travels upstream and back
 * as {@code X-Thumbd-Variant} and tags {@code thumbd.gateway.variant.requests}. No cookie is ever set here: a
 * {@code Set-Cookie} would stop CDNs from caching the thumbnail.
 */
public final class VariantFilter implements GlobalFilter, Ordered {

    /** After the route's URL is resolved ({@code lb://resizer}), before the load balancer reads it. */
    public static final int ORDER = ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER - 1;
    public static final String HEADER = "X-Thumbd-Variant";
    public static final String COOKIE = "thumbd_variant";
    public static final String STABLE = "stable";

    private final int weight;
    private final String canaryName;
    private final URI canaryPool;
    private final ClientAddress clients;
    private final Counter stableRequests;
    private final Counter canaryRequests;

    /** @param weight percentage of clients for the canary (0: everybody is stable) */
    public VariantFilter(int weight, String canaryName, URI canaryPool, ClientAddress clients, MeterRegistry registry) {
        this.weight = weight;
        this.canaryName = canaryName;
        this.canaryPool = canaryPool;
        this.clients = clients;
        this.stableRequests = counter(registry, STABLE);
        this.canaryRequests = counter(registry, canaryName);
    }

    private static Counter counter(MeterRegistry registry, String variant) {
        return Counter.builder(GatewayMeters.VARIANT_REQUESTS).tag("variant", variant)
                .description("requests routed to each variant (stable and the canary)").register(registry);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        String variant = variantOf(exchange);
        boolean canary = variant.equals(canaryName);
        (canary ? canaryRequests : stableRequests).increment();
        if (canary) {
            URI url = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
            if (url != null && "lb".equals(url.getScheme())) {
                exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR,
                        URI.create(canaryPool + url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery())));
            }
        }
        exchange.getResponse().getHeaders().set(HEADER, variant);
        if (weight == 0 && !exchange.getRequest().getHeaders().containsHeader(HEADER)) {
            return chain.filter(exchange);   // no split configured and nothing to overwrite: spare the request copy
        }
        return chain.filter(exchange.mutate().request(r -> r.headers(h -> h.set(HEADER, variant))).build());
    }

    /** The variant that answers this exchange: {@code stable} or the canary's name (no side effects). */
    public String variantOf(ServerWebExchange exchange) {
        if (weight == 0) {
            return STABLE;
        }
        HttpCookie pin = exchange.getRequest().getCookies().getFirst(COOKIE);
        boolean canary = pin != null && (pin.getValue().equals(canaryName) || pin.getValue().equals(STABLE))
                ? pin.getValue().equals(canaryName) : isCanary(client(exchange));
        return canary ? canaryName : STABLE;
    }

    /** Whether a client's hash falls in the canary's share. */
    boolean isCanary(String client) {
        long h = RendezvousHashing.hash64("variant/" + client);
        return Math.floorMod(h, 100) < weight;
    }

    private String client(ServerWebExchange exchange) {
        HttpCookie cookie = exchange.getRequest().getCookies().getFirst(COOKIE);
        if (cookie != null && !cookie.getValue().isBlank()) {
            return "cookie:" + cookie.getValue();
        }
        String keyId = exchange.getAttribute(Headers.API_KEY_ID_ATTR);
        return keyId != null ? "key:" + keyId : "ip:" + clients.of(exchange.getRequest());
    }
}
