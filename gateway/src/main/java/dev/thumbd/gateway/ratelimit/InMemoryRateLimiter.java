package dev.thumbd.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.function.LongSupplier;
import reactor.core.publisher.Mono;

/**
 * Token buckets in this process (the default when no Redis is configured). Each gateway instance limits on its own,
 * so N instances allow N times the rate; use Redis for one limit across a fleet. Buckets of clients not seen for a
 * minute are forgotten (a full bucket is the same as no bucket), and at most {@value #MAX_CLIENTS} are kept.
 */
public final class InMemoryRateLimiter implements ClientRateLimiter {

    static final int MAX_CLIENTS = 100_000;

    private final int replenishRate;
    private final int burstCapacity;
    private final LongSupplier nanoTime;
    private final Cache<String, TokenBucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(1)).maximumSize(MAX_CLIENTS).build();

    public InMemoryRateLimiter(int replenishRate, int burstCapacity) {
        this(replenishRate, burstCapacity, System::nanoTime);
    }

    InMemoryRateLimiter(int replenishRate, int burstCapacity, LongSupplier nanoTime) {
        if (replenishRate < 1 || burstCapacity < replenishRate) {
            throw new IllegalArgumentException("rate limit: replenish-rate >= 1 and burst-capacity >= replenish-rate");
        }
        this.replenishRate = replenishRate;
        this.burstCapacity = burstCapacity;
        this.nanoTime = nanoTime;
    }

    @Override
    public Mono<Decision> take(String clientKey) {
        TokenBucket b = buckets.get(clientKey, k -> new TokenBucket(burstCapacity, nanoTime.getAsLong()));
        long remaining = b.take(nanoTime.getAsLong(), replenishRate / 1e9, burstCapacity);
        boolean allowed = remaining >= 0;
        return Mono.just(new Decision(allowed, ClientRateLimiter.headers(Math.max(0, remaining), replenishRate,
                burstCapacity), allowed ? 0 : ClientRateLimiter.retryAfter(replenishRate), false));
    }
}
