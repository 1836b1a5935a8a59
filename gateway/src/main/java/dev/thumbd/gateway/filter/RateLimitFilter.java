package dev.thumbd.gateway.filter;

import dev.thumbd.gateway.metrics.GatewayMeters;
import dev.thumbd.gateway.ratelimit.ClientRateLimiter;
import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * One token per request from the client's bucket: the API key's when the request was authenticated, else the client
 * address's ({@link ClientAddress}). Over the limit: 429 {@code rate-limited} with {@code Retry-After}; every response
 * carries the {@code X-RateLimit-*} headers. Every decision is counted in
 * {@code thumbd_gateway_ratelimit_decisions_total{result="allowed|limited"}}.
 */
public final class RateLimitFilter implements GlobalFilter, Ordered {

    public static final int ORDER = ApiKeyFilter.ORDER + 25;

    private final ClientRateLimiter limiter;
    private final ClientAddress clients;
    private final Counter allowed;
    private final Counter limited;

    public RateLimitFilter(ClientRateLimiter limiter, ClientAddress clients, MeterRegistry registry) {
        this.limiter = limiter;
        this.clients = clients;
        this.allowed = Counter.builder(GatewayMeters.RATELIMIT_DECISIONS).tag("result", "allowed")
                .description("rate-limit decisions").register(registry);
        this.limited = Counter.builder(GatewayMeters.RATELIMIT_DECISIONS).tag("result", "limited")
                .description("rate-limit decisions").register(registry);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        String keyId = exchange.getAttribute(Headers.API_KEY_ID_ATTR);
        String client = keyId != null ? "key:" + keyId : "ip:" + clients.of(exchange.getRequest());
        return limiter.take(client).flatMap(d -> {
            HttpHeaders h = exchange.getResponse().getHeaders();
            d.headers().forEach(h::set);
            if (!d.allowed()) {
                limited.increment();
                return Mono.error(new RateLimitedException(d.retryAfterSeconds()));
            }
            allowed.increment();
            return chain.filter(exchange);
        });
    }

    /** The 429 problem, carrying its {@code Retry-After}. */
    public static final class RateLimitedException extends ProblemException {
        private static final long serialVersionUID = 1L;
        private final long retryAfterSeconds;

        RateLimitedException(long retryAfterSeconds) {
            super(ProblemType.RATE_LIMITED, "Too many requests from this client; retry after " + retryAfterSeconds + " s.");
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
