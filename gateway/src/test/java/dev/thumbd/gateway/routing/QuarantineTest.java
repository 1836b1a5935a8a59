package dev.thumbd.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuarantineTest {

    @Test
    void aQuarantinedFingerprintIsRefusedAnnouncedAndCounted() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Quarantine q = new Quarantine(Duration.ofMinutes(10), registry);
        List<String> announced = new ArrayList<>();
        q.announceWith(announced::add);
        assertThat(q.refuses("f1")).isFalse();
        q.add("f1");
        q.hold("f2");   // announced by another gateway: held, not announced again
        assertThat(q.refuses("f1")).isTrue();
        assertThat(q.refuses("f2")).isTrue();
        assertThat(q.refuses("f3")).isFalse();
        assertThat(announced).containsExactly("f1");
        assertThat(registry.get("thumbd.gateway.quarantine").tag("event", "added").counter().count()).isEqualTo(1);
        assertThat(registry.get("thumbd.gateway.quarantine").tag("event", "refused").counter().count()).isEqualTo(2);
    }

    @Test
    void switchedOffItHoldsNothing() {
        Quarantine q = new Quarantine(Duration.ZERO, new SimpleMeterRegistry());
        q.add("f1");
        q.hold("f2");
        assertThat(q.refuses("f1")).isFalse();
        assertThat(q.refuses("f2")).isFalse();
    }
}
