package dev.thumbd.resizer.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A UTC clock a test moves by hand, for the windowed statistics and the degradation controller. */
public final class ManualClock extends Clock {

    private long millis;

    public ManualClock(long startMillis) {
        this.millis = startMillis;
    }

    public ManualClock(Instant start) {
        this(start.toEpochMilli());
    }

    /** Moves time forward. */
    public void advance(Duration d) {
        millis += d.toMillis();
    }

    /** Moves time forward by {@code ms} milliseconds. */
    public void advanceMillis(long ms) {
        millis += ms;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public long millis() {
        return millis;
    }
}
