package dev.thumbd.resizer.degradation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.resizer.testing.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RecentLatencyTest {

    private final ManualClock clock = new ManualClock(5_000_000);
    private final RecentLatency recent = new RecentLatency(clock, Duration.ofSeconds(10));

    @Test
    void p99OfTheMissesInTheWindowOnly() {
        assertThat(recent.p99Nanos()).isEmpty();
        for (int i = 1; i <= 200; i++) {
            recent.record(i * 1_000_000L);                 // 1 .. 200 ms
        }
        assertThat(recent.p99Nanos()).hasValue(198_000_000L);
        clock.advanceMillis(11_000);                                   // all of them out of the window
        assertThat(recent.p99Nanos()).isEmpty();
        recent.record(5_000_000L);
        assertThat(recent.p99Nanos()).hasValue(5_000_000L);
    }

    @Test
    void theRingKeepsTheLatestThousandAndTwentyFour() {
        for (int i = 0; i < 1024; i++) {
            recent.record(9_000_000_000L);
        }
        for (int i = 0; i < 1024; i++) {
            recent.record(1_000_000L);
        }
        assertThat(recent.p99Nanos()).hasValue(1_000_000L);
    }
}
