package dev.thumbd.resizer.bottleneck;

import dev.thumbd.resizer.pipeline.Stage;
import dev.thumbd.resizer.pipeline.StageTimings;
import java.time.Clock;
import java.time.Duration;

/**
 * Time spent per pipeline stage in consecutive fixed windows (10 s by default, the last 30 kept): a ring of counters,
 * so memory is fixed whatever the traffic. Renders record into the current window; a window with no render stays
 * empty. Recording is a few additions under a lock, once per rendered thumbnail (never per cache hit).
 */
public final class StageWindows {

    private static final int STAGES = Stage.values().length;

    private final Clock clock;
    private final long windowMillis;
    private final long[][] nanos;
    private final long[][] counts;
    private final long[] windowIndex;

    public StageWindows(Clock clock, Duration window, int windows) {
        if (windows < 3) {
            throw new IllegalArgumentException("at least 3 windows");
        }
        this.clock = clock;
        this.windowMillis = window.toMillis();
        this.nanos = new long[windows][STAGES];
        this.counts = new long[windows][STAGES];
        this.windowIndex = new long[windows];
        java.util.Arrays.fill(windowIndex, -1);
    }

    public void record(StageTimings timings) {
        long index = clock.millis() / windowMillis;
        synchronized (this) {
            int slot = slot(index);
            for (Stage s : Stage.values()) {
                long n = timings.nanos(s);
                if (n > 0) {
                    nanos[slot][s.ordinal()] += n;
                    counts[slot][s.ordinal()]++;
                }
            }
        }
    }

    /** Clears a slot that still holds an older window and claims it for {@code index}. */
    private int slot(long index) {
        int slot = (int) Math.floorMod(index, (long) windowIndex.length);
        if (windowIndex[slot] != index) {
            windowIndex[slot] = index;
            java.util.Arrays.fill(nanos[slot], 0);
            java.util.Arrays.fill(counts[slot], 0);
        }
        return slot;
    }

    /**
     * The windows, oldest first, ending with the current one (which may still be filling); windows older than the
     * ring or never written are empty.
     */
    public synchronized Snapshot snapshot() {
        long current = clock.millis() / windowMillis;
        int n = windowIndex.length;
        long[][] ns = new long[n][];
        long[][] cs = new long[n][];
        for (int i = 0; i < n; i++) {
            long index = current - (n - 1) + i;
            int slot = (int) Math.floorMod(index, (long) n);
            boolean live = windowIndex[slot] == index;
            ns[i] = live ? nanos[slot].clone() : new long[STAGES];
            cs[i] = live ? counts[slot].clone() : new long[STAGES];
        }
        return new Snapshot(Duration.ofMillis(windowMillis), ns, cs);
    }

    /**
     * @param window length of one window
     * @param nanos  per window (oldest first), per stage ordinal: total time
     * @param counts per window, per stage: renders that ran the stage
     */
    public record Snapshot(Duration window, long[][] nanos, long[][] counts) {

        /** Mean milliseconds of {@code stage} in window {@code w}, or -1 when the stage did not run in it. */
        public double meanMillis(int w, Stage stage) {
            long c = counts[w][stage.ordinal()];
            return c == 0 ? -1 : nanos[w][stage.ordinal()] / 1e6 / c;
        }

        public int windows() {
            return nanos.length;
        }
    }
}
