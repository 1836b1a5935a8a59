package dev.thumbd.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FailedAttemptsTest {

    @Test
    void aClientOutOfFailuresIsBlockedUntilOneRefills() {
        AtomicLong now = new AtomicLong();
        FailedAttempts f = new FailedAttempts(3, Duration.ofSeconds(10), now::get);
        assertThat(f.blocked("a")).isFalse();
        f.failed("a");
        f.failed("a");
        assertThat(f.blocked("a")).isFalse();
        f.failed("a");
        assertThat(f.blocked("a")).isTrue();
        assertThat(f.blocked("b")).as("per client").isFalse();
        now.addAndGet(Duration.ofSeconds(9).toNanos());
        assertThat(f.blocked("a")).isTrue();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(f.blocked("a")).as("one attempt back after the refill period").isFalse();
        f.failed("a");
        assertThat(f.blocked("a")).isTrue();
        assertThat(f.retryAfterSeconds()).isEqualTo(10);
    }
}
