package dev.thumbd.resizer.degradation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RecentLatencyTest {

    private long millis = 5_000_000;
    private final RecentLatency recent = new RecentLatency(new Clock() {
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
    }, Duration.ofSeconds(10));

    @Test
    void p99OfTheMissesInTheWindowOnly() {
        assertThat(recent.p99Nanos()).isEmpty();
        for (int i = 1; i <= 200; i++) {
            recent.record(i * 1_000_000L);                 // 1 .. 200 ms
        }
        assertThat(recent.p99Nanos()).hasValue(198_000_000L);
        millis += 11_000;                                   // all of them out of the window
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
