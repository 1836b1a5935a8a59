package dev.thumbd.resizer.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;

/**
 * Requests, client errors (4xx) and server errors (5xx) per fixed window (10 s by default, the last 30 kept), from
 * cumulative counts sampled about once a second: nothing is added to the request path, the counts come from the
 * request meters that exist anyway. The current window fills as samples arrive.
 */
public final class TrafficWindows {

    /** Cumulative counts at one instant. */
    public record Totals(long requests, long clientErrors, long serverErrors) {
    }

    /**
     * @param window       length of one window
     * @param requests     per window, oldest first, ending with the current one
     * @param clientErrors 4xx answers per window
     * @param serverErrors 5xx answers per window
     */
    public record Snapshot(Duration window, long[] requests, long[] clientErrors, long[] serverErrors) {
    }

    private final Clock clock;
    private final long windowMillis;
    private final long[] requests;
    private final long[] clientErrors;
    private final long[] serverErrors;
    private final long[] windowIndex;
    private Totals base = new Totals(0, 0, 0);
    private long baseIndex = -1;
    private Totals last = new Totals(0, 0, 0);

    public TrafficWindows(Clock clock, Duration window, int windows) {
        if (windows < 2) {
            throw new IllegalArgumentException("at least 2 windows");
        }
        this.clock = clock;
        this.windowMillis = window.toMillis();
        this.requests = new long[windows];
        this.clientErrors = new long[windows];
        this.serverErrors = new long[windows];
        this.windowIndex = new long[windows];
        Arrays.fill(windowIndex, -1);
    }

    /** Records the cumulative counts now; the current window holds what came since it began. */
    public synchronized void sample(Totals now) {
        long index = clock.millis() / windowMillis;
        if (index != baseIndex) {
            base = baseIndex < 0 ? now : last;   // a window starts where the previous sample left off
            baseIndex = index;
        }
        int slot = (int) Math.floorMod(index, (long) windowIndex.length);
        windowIndex[slot] = index;
        requests[slot] = Math.max(0, now.requests() - base.requests());
        clientErrors[slot] = Math.max(0, now.clientErrors() - base.clientErrors());
        serverErrors[slot] = Math.max(0, now.serverErrors() - base.serverErrors());
        last = now;
    }

    /** The windows, oldest first, ending with the current one; windows without samples are zero. */
    public synchronized Snapshot snapshot() {
        long current = clock.millis() / windowMillis;
        int n = windowIndex.length;
        long[] r = new long[n];
        long[] c = new long[n];
        long[] s = new long[n];
        for (int i = 0; i < n; i++) {
            long index = current - (n - 1) + i;
            int slot = (int) Math.floorMod(index, (long) n);
            if (windowIndex[slot] == index) {
                r[i] = requests[slot];
                c[i] = clientErrors[slot];
                s[i] = serverErrors[slot];
            }
        }
        return new Snapshot(Duration.ofMillis(windowMillis), r, c, s);
    }
}
