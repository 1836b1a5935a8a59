package dev.thumbd.resizer.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.resizer.dashboard.TrafficWindows.Totals;
import dev.thumbd.resizer.testing.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TrafficWindowsTest {

    private final ManualClock clock = new ManualClock(1_000_000);
    private final TrafficWindows windows = new TrafficWindows(clock, Duration.ofSeconds(10), 3);

    @Test
    void eachWindowHoldsWhatCameSinceTheLastSampleOfThePreviousOne() {
        windows.sample(new Totals(500, 5, 1));           // counts from before: the baseline
        clock.advanceMillis(4_000);
        windows.sample(new Totals(520, 6, 1));
        assertThat(windows.snapshot().requests()).containsExactly(0, 0, 20);
        clock.advanceMillis(7_000);                           // next window
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
        clock.advanceMillis(30_000);                          // three windows later, nothing sampled in between
        assertThat(windows.snapshot().requests()).containsExactly(0, 0, 0);
        windows.sample(new Totals(15, 0, 0));
        assertThat(windows.snapshot().requests()).containsExactly(0, 0, 5);
    }
}
