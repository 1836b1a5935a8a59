package dev.thumbd.gateway.ratelimit;

/**
 * One client's token bucket: at most {@code capacity} tokens, refilled continuously at {@code tokensPerNano}. The
 * arithmetic of both in-process limiters ({@link InMemoryRateLimiter}, {@link FailedAttempts}); the rates live with
 * the limiter, not in every bucket, so a bucket is two fields.
 */
final class TokenBucket {

    private double tokens;
    private long last;

    /** A full bucket at {@code now}. */
    TokenBucket(double capacity, long now) {
        this.tokens = capacity;
        this.last = now;
    }

    /** The tokens in the bucket at {@code now} (refilled since the last look, up to the capacity). */
    synchronized double available(long now, double tokensPerNano, double capacity) {
        tokens = Math.min(capacity, tokens + (now - last) * tokensPerNano);
        last = now;
        return tokens;
    }

    /** Takes a token at {@code now}: the whole tokens left, or -1 when there was none (nothing is taken then). */
    synchronized long take(long now, double tokensPerNano, double capacity) {
        if (available(now, tokensPerNano, capacity) < 1) {
            return -1;
        }
        tokens -= 1;
        return (long) tokens;
    }
}
