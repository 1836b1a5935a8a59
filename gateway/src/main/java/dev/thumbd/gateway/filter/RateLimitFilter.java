package dev.thumbd.gateway.filter;

import dev.thumbd.gateway.metrics.GatewayMeters;
import dev.thumbd.gateway.ratelimit.ClientRateLimiter;
import dev.thumbd.gateway.ratelimit.FailedAttempts;
import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * One token per request from the client's bucket: the API key's when the request presents a valid one, else the
 * client address's ({@link ClientAddress}), at the rate of the client's class ({@link RateLimitClasses}: API keys,
 * configured ranges such as a CDN's, everybody else); a range may be unlimited, and its requests take no token. A web filter that runs before every other check, so every request counts,
 * refused ones included (a path that is not canonical, a bad parameter, a wrong API key or signature, an unknown
 * path). Over the limit: 429 {@code rate-limited} with {@code Retry-After}; every response carries the
 * {@code X-RateLimit-*} headers. Every decision is counted in
 * {@code thumbd_gateway_ratelimit_decisions_total{result="allowed|limited"}}. Requests to the management port
 * (health, metrics) are not limited. A key presented on an endpoint that needs none still picks the bucket, so a wrong
 * one counts as a failed attempt ({@link FailedAttempts}, as {@link ApiKeyFilter} counts them where a key is needed):
 * otherwise the bucket headers would tell a guesser which of its keys is valid, at the full request rate.
 */
public final class RateLimitFilter implements WebFilter, Ordered {

    public static final int ORDER = SecurityHeadersFilter.ORDER + 1;

    private final RateLimitClasses classes;
    private final ClientAddress clients;
    private final ApiKeys keys;
    private final FailedAttempts failures;
    private final ApiServer apiServer;
    private final Counter allowed;
    private final Counter limited;

    /** @param apiServer tells the API server's requests from the management server's (those are not limited) */
    public RateLimitFilter(RateLimitClasses classes, ClientAddress clients, ApiKeys keys, FailedAttempts failures,
            ApiServer apiServer, MeterRegistry registry) {
        this.classes = classes;
        this.clients = clients;
        this.keys = keys;
        this.failures = failures;
        this.apiServer = apiServer;
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
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!apiServer.serves(exchange)) {
            return chain.filter(exchange);
        }
        String key = ApiKeys.presented(exchange.getRequest().getHeaders());
        String keyId = null;
        if (key != null && !Paths.needsApiKey(exchange.getRequest())) {
            String client = clients.of(exchange.getRequest());
            if (failures.blocked(client)) {
                limited.increment();
                return Mono.error(new RateLimitedException(failures.retryAfterSeconds(),
                        "Too many failed API-key attempts from this client; retry after "
                                + failures.retryAfterSeconds() + " s."));
            }
            keyId = keys.idOf(key);
            if (keyId == null) {
                failures.failed(client);
            }
        } else if (key != null) {
            keyId = keys.idOf(key);   // ApiKeyFilter refuses and counts a wrong one
        }
        RateLimitClasses.Choice choice = classes.choose(keyId, clients.resolve(exchange.getRequest()));
        ClientRateLimiter limiter = choice.limiter();
        if (limiter == null) {
            allowed.increment();
            return chain.filter(exchange);
        }
        return limiter.take(choice.bucket()).flatMap(d -> {
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
            this(retryAfterSeconds, "Too many requests from this client; retry after " + retryAfterSeconds + " s.");
        }

        RateLimitedException(long retryAfterSeconds, String detail) {
            super(ProblemType.RATE_LIMITED, detail);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
