package dev.thumbd.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RendezvousHashingTest {

    private static final List<String> THREE = List.of("10.0.0.1:8081", "10.0.0.2:8081", "10.0.0.3:8081");

    private static String first(String key, List<String> replicas) {
        return RendezvousHashing.order(key, replicas, Function.identity()).getFirst();
    }

    /** Keys like the gateway's: SHA-256 hex fingerprints. */
    private static String key(int i) {
        return dev.thumbd.spec.Fingerprint.of("src=k" + i + ".jpg&w=300").hex();
    }

    @Test
    void spreadIsEvenWithinTenPercentOverTenThousandKeys() {
        for (List<String> replicas : List.of(THREE, THREE.subList(0, 2),
                List.of("a:1", "b:1", "c:1", "d:1", "e:1"))) {
            Map<String, Integer> counts = new HashMap<>();
            for (int i = 0; i < 10_000; i++) {
                counts.merge(first(key(i), replicas), 1, Integer::sum);
            }
            double fair = 10_000.0 / replicas.size();
            assertThat(counts).hasSize(replicas.size());
            counts.values().forEach(c -> assertThat(Math.abs(c - fair) / fair).as("%s", counts).isLessThan(0.10));
        }
    }

    @Test
    void removingAReplicaMovesOnlyItsKeysAndOrderIsTheFallback() {
        List<String> without = List.of(THREE.get(0), THREE.get(2));
        int moved = 0;
        for (int i = 0; i < 10_000; i++) {
            String k = key(i);
            List<String> order = RendezvousHashing.order(k, THREE, Function.identity());
            String after = first(k, without);
            if (order.getFirst().equals(THREE.get(1))) {
                moved++;
                assertThat(after).isEqualTo(order.get(1));   // the next in the key's order, as failover picks
            } else {
                assertThat(after).isEqualTo(order.getFirst());   // untouched
            }
        }
        assertThat(moved).isBetween(3_000, 3_667);
    }

    @Test
    void orderIsDeterministicAndIndependentOfListOrder() {
        for (int i = 0; i < 1_000; i++) {
            String k = key(i);
            assertThat(RendezvousHashing.order(k, THREE, Function.identity()))
                    .isEqualTo(RendezvousHashing.order(k, THREE.reversed(), Function.identity()));
        }
    }

    @Test
    void breakerOpensOnServerErrorsButNotOnOverloadOrDeadline() {
        ReplicaHealth health = new ReplicaHealth(java.time.Duration.ofSeconds(10), java.time.Duration.ofMinutes(5));
        for (int i = 0; i < 20; i++) {
            health.answered("a:1", i % 2 == 0 ? 503 : 504, 1_000_000);
            health.answered("b:1", i % 2 == 0 ? 500 : 200, 1_000_000);
            health.answered("c:1", i < 15 ? 200 : 502, 1_000_000);
        }
        assertThat(health.isUp("a:1")).isTrue();            // shedding is the resizer protecting itself
        assertThat(health.isUp("b:1")).isFalse();           // half of the last 20 failed
        assertThat(health.state("b:1")).isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreaker.State.OPEN);
        assertThat(health.isUp("c:1")).isTrue();            // 25% failed
    }

    @Test
    void healthPassesOverAFailedReplicaForItsCooldown() {
        long[] now = {0};
        ReplicaHealth health = new ReplicaHealth(java.time.Duration.ofSeconds(10), () -> now[0]);
        assertThat(health.isUp("a:1")).isTrue();
        health.failed("a:1");
        now[0] += 9_000_000_000L;
        assertThat(health.isUp("a:1")).isFalse();
        now[0] += 1_000_000_000L;
        assertThat(health.isUp("a:1")).isTrue();
    }
}
