package dev.thumbd.resizer.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.resizer.dashboard.TrafficWindows.Totals;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TrafficWindowsTest {

    private static final class ManualClock extends Clock {
        long millis = 1_000_000;

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
    }

    private final ManualClock clock = new ManualClock();
    private final TrafficWindows windows = new TrafficWindows(clock, Duration.ofSeconds(10), 3);

    @Test
    void eachWindowHoldsWhatCameSinceTheLastSampleOfThePreviousOne() {
        windows.sample(new Totals(500, 5, 1));           // counts from before: the baseline
        clock.millis += 4_000;
        windows.sample(new Totals(520, 6, 1));
        assertThat(windows.snapshot().requests()).containsExactly(0, 0, 20);
        clock.millis += 7_000;                           // next window
        windows.sample(new Totals(550, 9, 3));
        TrafficWindows.Snapshot s = windows.snapshot();
        assertThat(s.requests()).containsExactly(0, 20, 30);
        assertThat(s.clientErrors()).containsExactly(0, 1, 3);
        assertThat(s.serverErrors()).containsExactly(0, 0, 2);
    }

    @Test
    void windowsWithoutSamplesAreEmptyAndOldOnesFallOut() {
        windows.sample(new Totals(0, 0, 0));
        windows.sample(new Totals(10, 0, 0));
        clock.millis += 30_000;                          // three windows later, nothing sampled in between
        assertThat(windows.snapshot().requests()).containsExactly(0, 0, 0);
        windows.sample(new Totals(15, 0, 0));
        assertThat(windows.snapshot().requests()).containsExactly(0, 0, 5);
    }
}
