package dev.thumbd.resizer.pipeline;

import java.time.Instant;
import java.util.StringJoiner;

/** Nanoseconds spent per {@link Stage} for one thumbnail. Mutable, confined to the thread that runs the pipeline. */
public final class StageTimings {

    private final long[] nanos = new long[Stage.values().length];
    private final long startedEpochNanos;

    /** Timings of a render starting now. */
    public StageTimings() {
        Instant now = Instant.now();
        this.startedEpochNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** When the render started, in nanoseconds since the epoch (wall clock, for trace spans). */
    public long startedEpochNanos() {
        return startedEpochNanos;
    }

    /** Adds {@code elapsed} nanoseconds to {@code stage}. */
    public void add(Stage stage, long elapsed) {
        nanos[stage.ordinal()] += elapsed;
    }

    /** Nanoseconds spent in {@code stage}. */
    public long nanos(Stage stage) {
        return nanos[stage.ordinal()];
    }

    /** Nanoseconds over all stages. */
    public long totalNanos() {
        long t = 0;
        for (long n : nanos) {
            t += n;
        }
        return t;
    }

    /** Adds every stage of {@code other} to this one (for aggregating a benchmark run). */
    public void addAll(StageTimings other) {
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] += other.nanos[i];
        }
    }

    /** The stages that took time, as an HTTP {@code Server-Timing} value: {@code decode;dur=12.3, ...}. */
    public String toServerTiming() {
        StringJoiner j = new StringJoiner(", ");
        for (Stage s : Stage.values()) {
            long n = nanos[s.ordinal()];
            if (n > 0) {
                j.add(s.token() + ";dur=" + String.format(java.util.Locale.ROOT, "%.2f", n / 1e6));
            }
        }
        return j.toString();
    }

    @Override
    public String toString() {
        return toServerTiming();
    }
}
