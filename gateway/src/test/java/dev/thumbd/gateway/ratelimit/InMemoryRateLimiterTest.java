package dev.thumbd.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InMemoryRateLimiterTest {

    private long now;
    private final InMemoryRateLimiter limiter = new InMemoryRateLimiter(2, 4, () -> now);

    private ClientRateLimiter.Decision take(String client) {
        return limiter.take(client).block();
    }

    @Test
    void burstThenRefillAtTheRate() {
        for (int i = 3; i >= 0; i--) {
            ClientRateLimiter.Decision d = take("a");
            assertThat(d.allowed()).isTrue();
            assertThat(d.headers()).containsEntry("X-RateLimit-Remaining", Integer.toString(i))
                    .containsEntry("X-RateLimit-Replenish-Rate", "2").containsEntry("X-RateLimit-Burst-Capacity", "4");
        }
        ClientRateLimiter.Decision refused = take("a");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        assertThat(take("b").allowed()).isTrue();   // buckets are per client
        now += 500_000_000L;                         // half a second: one token at 2/s
        assertThat(take("a").allowed()).isTrue();
        assertThat(take("a").allowed()).isFalse();
        now += 60_000_000_000L;                      // a minute: full again, never more than the burst
        for (int i = 0; i < 4; i++) {
            assertThat(take("a").allowed()).isTrue();
        }
        assertThat(take("a").allowed()).isFalse();
    }

    @Test
    void configurationIsChecked() {
        assertThatThrownBy(() -> new InMemoryRateLimiter(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InMemoryRateLimiter(5, 4)).isInstanceOf(IllegalArgumentException.class);
    }
}
