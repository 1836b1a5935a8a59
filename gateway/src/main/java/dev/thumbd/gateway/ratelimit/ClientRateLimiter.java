package dev.thumbd.gateway.ratelimit;

import java.util.Map;
import reactor.core.publisher.Mono;

/** A token bucket per client key; the in-memory and the Redis implementations answer the same way. */
public interface ClientRateLimiter {

    /** Takes one token from {@code clientKey}'s bucket, if there is one. */
    Mono<Decision> take(String clientKey);

    /**
     * @param allowed           whether the request may go on
     * @param headers           {@code X-RateLimit-*} headers to send
     * @param retryAfterSeconds when refused, how long until a token is back
     * @param failedOpen        the limiter's store could not be asked, so the request was let through
     */
    record Decision(boolean allowed, Map<String, String> headers, long retryAfterSeconds, boolean failedOpen) {
    }

    /** The headers every decision carries. */
    static Map<String, String> headers(long remaining, int replenishRate, int burstCapacity) {
        return Map.of("X-RateLimit-Remaining", Long.toString(remaining),
                "X-RateLimit-Replenish-Rate", Integer.toString(replenishRate),
                "X-RateLimit-Burst-Capacity", Integer.toString(burstCapacity));
    }

    /** Seconds until one token is back at {@code replenishRate} a second, at least 1. */
    static long retryAfter(int replenishRate) {
        return Math.max(1, (long) Math.ceil(1.0 / replenishRate));
    }
}
