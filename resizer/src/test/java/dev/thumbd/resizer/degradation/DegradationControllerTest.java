package dev.thumbd.resizer.degradation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.resizer.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DegradationControllerTest {

    private static final WaterLevels HOT = new WaterLevels(0.9, 0.5, 0.5);
    private static final WaterLevels WARM = new WaterLevels(0.5, 0.5, 0.5);
    private static final WaterLevels COOL = new WaterLevels(0.1, 0.3, 0.2);

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-29T12:00:00Z"));
    private final List<Integer> changes = new ArrayList<>();
    private final DegradationController c = new DegradationController(clock, changes::add);

    private void samples(WaterLevels w, int n) {
        for (int i = 0; i < n; i++) {
            c.sample(w);
        }
    }

    @Test
    void waterLevelsRaiseAndLowerWithHysteresis() {
        samples(HOT, 2);
        assertThat(c.level()).isZero();
        samples(HOT, 1);
        assertThat(c.level()).isEqualTo(1);
        samples(HOT, 9);
        assertThat(c.level()).isEqualTo(4);
        samples(HOT, 30);
        assertThat(c.level()).isEqualTo(4);                     // never beyond the ladder
        samples(WARM, 30);
        assertThat(c.level()).isEqualTo(4);                     // between the thresholds nothing moves
        samples(COOL, 9);
        assertThat(c.level()).isEqualTo(4);
        samples(COOL, 1);
        assertThat(c.level()).isEqualTo(3);
        samples(HOT, 2);
        samples(COOL, 9);                                       // an interruption restarts the count
        assertThat(c.level()).isEqualTo(3);
        samples(COOL, 31);
        assertThat(c.level()).isZero();
        assertThat(changes).containsExactly(1, 2, 3, 4, 3, 2, 1, 0);
    }

    @Test
    void theHigherOfAlertsAndWaterLevelsWins() {
        c.alert("a", true, 2);
        assertThat(c.level()).isEqualTo(2);
        c.alert("b", true, 4);
        assertThat(c.level()).isEqualTo(4);
        samples(HOT, 3);
        assertThat(c.localLevel()).isEqualTo(1);
        c.alert("b", false, 4);
        assertThat(c.level()).isEqualTo(2);
        c.alert("a", false, 2);
        assertThat(c.level()).isEqualTo(1);                     // the local level is left
        c.alert("x", true, 9);
        assertThat(c.alertLevel()).isEqualTo(4);                // clamped to the ladder
        clock.advance(Duration.ofMinutes(11));                 // never refreshed: forgotten
        assertThat(c.alertLevel()).isZero();
    }

    @Test
    void aSlowP99RaisesTheLocalLevelAndAFastOneLetsItFall() {
        samples(new WaterLevels(0.1, 0.3, 0.2, 1.5), 30);      // a few clients waiting for long renders: not overload
        assertThat(c.localLevel()).isZero();
        samples(new WaterLevels(0.3, 0.3, 0.2, 1.5), 3);       // a quarter of the queue waiting that long: overload
        assertThat(c.localLevel()).isEqualTo(1);
        samples(new WaterLevels(0.3, 0.3, 0.2, 0.7), 20);       // between half the target and the target: holds
        assertThat(c.localLevel()).isEqualTo(1);
        samples(new WaterLevels(0.1, 0.3, 0.2, 0.2), 10);
        assertThat(c.localLevel()).isZero();
    }

    @Test
    void aBusyCpuAloneIsNotOverloadButWithAFillingQueueItIs() {
        samples(new WaterLevels(0.2, 0.3, 0.99, 0.3), 30);      // cores flat out, keeping up
        assertThat(c.localLevel()).isZero();
        samples(new WaterLevels(0.6, 0.3, 0.99, 0.3), 3);       // and now the queue fills
        assertThat(c.localLevel()).isEqualTo(1);
        samples(new WaterLevels(0.2, 0.3, 0.99, 0.3), 10);      // busy cores do not hold the level up
        assertThat(c.localLevel()).isZero();
    }
}
