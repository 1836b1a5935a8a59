package dev.thumbd.resizer.bottleneck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.resizer.pipeline.Stage;
import dev.thumbd.resizer.pipeline.StageTimings;
import dev.thumbd.resizer.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BottleneckFinderTest {

    private final ManualClock clock = new ManualClock(0);
    private final StageWindows windows = new StageWindows(clock, Duration.ofSeconds(10), 6);
    private final BottleneckFinder finder = new BottleneckFinder(BottleneckFinder.DEFAULT_THRESHOLDS_MS);

    private void render(double decodeMs, double resizeMs, double encodeMs) {
        StageTimings t = new StageTimings();
        t.add(Stage.PROBE, 200_000);
        t.add(Stage.DECODE, (long) (decodeMs * 1e6));
        t.add(Stage.RESIZE, (long) (resizeMs * 1e6));
        t.add(Stage.ORIENT, 100_000);
        t.add(Stage.FRAME, 100_000);
        t.add(Stage.ENCODE, (long) (encodeMs * 1e6));
        windows.record(t);
    }

    private static BottleneckFinder.StageReport stage(List<BottleneckFinder.StageReport> r, String name) {
        return r.stream().filter(s -> s.stage().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aDominantStageIsPersistentAndRankedFirst() {
        for (int w = 0; w < 6; w++) {
            for (int i = 0; i < 5; i++) {
                render(10, 8, 150);   // AVIF-like encodes
            }
            clock.advanceMillis(10_000);
        }
        List<BottleneckFinder.StageReport> r = finder.find(windows.snapshot());
        assertThat(r.getFirst().stage()).isEqualTo("encode");
        assertThat(r.getFirst().persistent()).isTrue();
        assertThat(r.getFirst().suggestion()).contains("AVIF effort");
        assertThat(r.getFirst().share()).isGreaterThan(0.8);
        assertThat(r.stream().filter(BottleneckFinder.StageReport::persistent)).hasSize(1);
        assertThat(r.stream().mapToDouble(BottleneckFinder.StageReport::share).sum()).isCloseTo(1.0,
                org.assertj.core.data.Offset.offset(0.01));
        assertThat(stage(r, "decode").persistent()).isFalse();
    }

    @Test
    void threeSlowWindowsInARowMakeATransientBottleneck() {
        for (int w = 0; w < 3; w++) {
            render(20, 10, 30);
            clock.advanceMillis(10_000);
        }
        assertThat(stage(finder.find(windows.snapshot()), "decode").transientBottleneck()).isFalse();
        for (int w = 0; w < 2; w++) {
            render(90, 10, 30);    // decode over its 60 ms threshold
            clock.advanceMillis(10_000);
        }
        assertThat(stage(finder.find(windows.snapshot()), "decode").transientBottleneck()).isFalse();   // two
        clock.advanceMillis(10_000);   // an idle window does not break the run
        render(95, 10, 30);
        BottleneckFinder.StageReport decode = stage(finder.find(windows.snapshot()), "decode");
        assertThat(decode.transientBottleneck()).isTrue();
        assertThat(decode.suggestion()).contains("shrink-on-load");
        assertThat(decode.windowMeansMillis()).hasSize(6).endsWith(-1.0, 95.0);
    }

    @Test
    void oldWindowsFallOutOfTheRing() {
        render(500, 10, 30);
        clock.advanceMillis(6 * 10_000);   // the ring holds 6 windows: the slow one is gone
        render(20, 10, 30);
        BottleneckFinder.StageReport decode = stage(finder.find(windows.snapshot()), "decode");
        assertThat(decode.renders()).isEqualTo(1);
        assertThat(decode.meanMillis()).isEqualTo(20.0);
        assertThat(finder.find(new StageWindows(clock, Duration.ofSeconds(10), 3).snapshot())).isEmpty();
        assertThat(new BottleneckFinder(Map.of()).find(windows.snapshot())).allMatch(s -> !s.transientBottleneck());
    }
}
