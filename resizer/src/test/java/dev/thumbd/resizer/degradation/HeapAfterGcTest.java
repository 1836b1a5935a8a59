package dev.thumbd.resizer.degradation;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HeapAfterGcTest {

    @Test
    void readsTheOccupancyTheCollectorLeftNotTheHeapInUse() {
        AtomicReference<MemoryUsage> afterGc = new AtomicReference<>();
        HeapAfterGc h = new HeapAfterGc("test", afterGc::get, 1000);
        assertThat(h.fraction()).as("before any collection").isZero();
        afterGc.set(new MemoryUsage(0, 300, 900, 1000));
        assertThat(h.fraction()).isEqualTo(0.3);
        afterGc.set(new MemoryUsage(0, 300, 900, -1));   // a pool without its own maximum: the heap's
        assertThat(h.fraction()).isEqualTo(0.3);
        // 250 of the 300 are pixels renders hold within a budget of 500: the rest is 50 of the other 500
        assertThat(h.fraction(250, 500)).isEqualTo(0.1);
    }

    @Test
    void findsTheOldGenerationOfThisJvmsCollector() {
        MemoryPoolMXBean pool = HeapAfterGc.tenured(ManagementFactory.getMemoryPoolMXBeans());
        assertThat(pool).isNotNull();
        assertThat(pool.getName()).containsAnyOf("Old", "Tenured", "old", "tenured");
        System.gc();
        double f = HeapAfterGc.platform().fraction();
        assertThat(f).isBetween(0.0, 1.0);
    }

    @Test
    void bigRendersThatLeaveNoGarbageBehindDoNotRaiseTheLadder() {
        // Two clients rendering large photos: the heap fills between collections (0.95 in use), but a collection
        // leaves 0.4; nothing waits (no latency reading); the CPU is busy with the work in hand, none queued.
        DegradationController c = new DegradationController(java.time.Clock.systemUTC(), level -> { });
        for (int i = 0; i < 60; i++) {
            c.sample(new WaterLevels(0.0, 0.4, 1.0, -1));
        }
        assertThat(c.level()).isZero();
        for (int i = 0; i < DegradationController.RAISE_AFTER; i++) {
            c.sample(new WaterLevels(0.9, 0.4, 1.0, 1.5));   // the queue really full and renders waiting
        }
        assertThat(c.level()).isEqualTo(1);
    }
}
