package dev.thumbd.gateway.ratelimit;

import dev.thumbd.gateway.metrics.GatewayMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import reactor.core.publisher.Mono;

/**
 * Token buckets in Redis through Spring Cloud Gateway's {@link RedisRateLimiter} (one atomic Lua script per
 * request), so every gateway instance shares one limit per client. When Redis cannot be reached the limiter lets
 * the request through (fail open: an outage of the limiter must not become an outage of the images) and this
 * counts it as {@code thumbd.gateway.ratelimit.failopen}.
 */
public final class RedisClientRateLimiter implements ClientRateLimiter {

    static final String ROUTE = "thumbd";

    private final RedisRateLimiter redis;
    private final String route;
    private final int replenishRate;
    private final Counter failOpen;

    public RedisClientRateLimiter(RedisRateLimiter redis, int replenishRate, MeterRegistry registry) {
        this(redis, ROUTE, replenishRate, replenishRate, registry);
    }

    /**
     * A limiter with its own rate on the shared {@link RedisRateLimiter}: {@code route} names its configuration there
     * (bucket keys must not be shared between limiters of different rates: callers prefix them).
     */
    public RedisClientRateLimiter(RedisRateLimiter redis, String route, int replenishRate, int burstCapacity,
            MeterRegistry registry) {
        if (!ROUTE.equals(route)) {
            redis.getConfig().put(route, new RedisRateLimiter.Config().setReplenishRate(replenishRate)
                    .setBurstCapacity(burstCapacity).setRequestedTokens(1));
        }
        this.redis = redis;
        this.route = route;
        this.replenishRate = replenishRate;
        this.failOpen = Counter.builder(GatewayMeters.RATELIMIT_FAILOPEN)
                .description("requests let through because the rate limiter's Redis could not be asked")
                .register(registry);
    }

    @Override
    public Mono<Decision> take(String clientKey) {
        return redis.isAllowed(route, clientKey).map(r -> {
            Map<String, String> h = r.getHeaders();
            boolean failed = "-1".equals(h.get(RedisRateLimiter.REMAINING_HEADER));
            if (failed) {
                failOpen.increment();
            }
            return new Decision(r.isAllowed(), h, r.isAllowed() ? 0 : ClientRateLimiter.retryAfter(replenishRate),
                    failed);
        });
    }
}
