package dev.thumbd.resizer.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.resizer.admission.WorkerPool;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Background work waits while interactive renders take every worker or the resizer is degraded. */
class InteractiveFirstTest {

    @Test
    void waitsWhileEveryWorkerIsBusyOrTheLevelIsRaisedAndGoesOnWhenThereIsRoom() throws Exception {
        try (WorkerPool pool = new WorkerPool(1, 4)) {
            AtomicInteger level = new AtomicInteger();
            InteractiveFirst gate = new InteractiveFirst(pool, level::get, 1, Duration.ofMillis(5));
            assertThat(gate.roomNow()).isTrue();
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch running = new CountDownLatch(1);
            Mono<Object> interactive = pool.submit(scratch -> {
                running.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "done";
            });
            interactive.subscribe();
            running.await();
            assertThat(gate.roomNow()).as("the only worker is busy").isFalse();
            var admitted = gate.admit(false).toFuture();
            awaitPauses(gate, 3);   // the gate looked three times and found no room
            assertThat(admitted).isNotDone();
            release.countDown();
            admitted.get();   // room again: admitted
            level.set(1);
            assertThat(gate.roomNow()).as("degraded").isFalse();
            level.set(0);
            assertThat(gate.roomNow()).isTrue();
        }
    }

    private static void awaitPauses(InteractiveFirst gate, long n) throws InterruptedException {
        while (gate.pauses() < n) {
            Thread.sleep(1);
        }
    }

    @Test
    void avifHasItsOwnCap() throws Exception {
        try (WorkerPool pool = new WorkerPool(2, 4)) {
            InteractiveFirst gate = new InteractiveFirst(pool, () -> 0, 1, Duration.ofMillis(5));
            gate.admit(true).block(Duration.ofSeconds(5));
            var second = gate.admit(true).toFuture();
            gate.admit(false).block(Duration.ofSeconds(5));   // other formats are not held back by it
            awaitPauses(gate, 3);
            assertThat(second).isNotDone();
            gate.release(true);
            second.get();
        }
    }
}
