package dev.thumbd.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Failed API-key attempts per client, in this process: each failure takes a token from the client's bucket
 * ({@code burst} tokens, one back every {@code refill}); a client whose bucket is empty is refused before its next key
 * is even compared, so guessing keys costs time whatever the answer would have been. At most
 * {@value #MAX_CLIENTS} clients are remembered; a client not seen for ten refill periods is forgotten.
 */
public final class FailedAttempts {

    static final int MAX_CLIENTS = 100_000;

    private final int burst;
    private final long refillNanos;
    private final LongSupplier nanoTime;
    private final Cache<String, TokenBucket> buckets;

    public FailedAttempts(int burst, Duration refill) {
        this(burst, refill, System::nanoTime);
    }

    FailedAttempts(int burst, Duration refill, LongSupplier nanoTime) {
        if (burst < 1 || refill.isZero() || refill.isNegative()) {
            throw new IllegalArgumentException("failed API-key attempts: burst >= 1 and a positive refill period");
        }
        this.burst = burst;
        this.refillNanos = refill.toNanos();
        this.nanoTime = nanoTime;
        this.buckets = Caffeine.newBuilder().expireAfterAccess(refill.multipliedBy(10)).maximumSize(MAX_CLIENTS)
                .build();
    }

    /** Whether {@code client} has no failure left to spend (its next attempt is refused unchecked). */
    public boolean blocked(String client) {
        TokenBucket b = buckets.getIfPresent(client);
        return b != null && b.available(nanoTime.getAsLong(), 1.0 / refillNanos, burst) < 1;
    }

    /** Records a failed attempt of {@code client}. */
    public void failed(String client) {
        buckets.get(client, k -> new TokenBucket(burst, nanoTime.getAsLong()))
                .take(nanoTime.getAsLong(), 1.0 / refillNanos, burst);   // none left: stays empty
    }

    /** Seconds until {@code client} may try again, at least 1. */
    public long retryAfterSeconds() {
        return Math.max(1, Duration.ofNanos(refillNanos).toSeconds());
    }
}
