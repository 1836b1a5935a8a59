package dev.thumbd.resizer.degradation;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * Recent waits for a worker (the time a render spent in the admission queue), for the degradation controller's p99
 * water level: a ring of the last 1,024 with the time each ended, and the 99th percentile of those that ended within
 * the window. Fixed memory; a record is two array stores under a lock, once per render (never per cache hit).
 */
public final class RecentLatency {

    private static final int SIZE = 1024;

    private final Clock clock;
    private final long windowMillis;
    private final long[] endedAt = new long[SIZE];
    private final long[] nanos = new long[SIZE];
    private int next;
    private int filled;

    public RecentLatency(Clock clock, Duration window) {
        this.clock = clock;
        this.windowMillis = window.toMillis();
    }

    /** A wait of {@code elapsedNanos}, ending now. */
    public synchronized void record(long elapsedNanos) {
        endedAt[next] = clock.millis();
        nanos[next] = elapsedNanos;
        next = (next + 1) % SIZE;
        filled = Math.min(SIZE, filled + 1);
    }

    /** The p99 in nanoseconds of the waits that ended within the window, if any did. */
    public synchronized OptionalLong p99Nanos() {
        long since = clock.millis() - windowMillis;
        long[] recent = new long[filled];
        int n = 0;
        for (int i = 0; i < filled; i++) {
            if (endedAt[i] >= since) {
                recent[n++] = nanos[i];
            }
        }
        if (n == 0) {
            return OptionalLong.empty();
        }
        Arrays.sort(recent, 0, n);
        return OptionalLong.of(recent[(int) Math.ceil(0.99 * n) - 1]);
    }
}
