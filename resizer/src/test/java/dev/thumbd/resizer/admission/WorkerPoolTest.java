package dev.thumbd.resizer.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

class WorkerPoolTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void runsOnNamedPlatformWorkersWithTheirOwnScratch() {
        try (WorkerPool pool = new WorkerPool(2, 4)) {
            String name = pool.submit(scratch -> {
                assertThat(scratch).isNotNull();
                return Thread.currentThread().getName() + "/" + Thread.currentThread().isVirtual();
            }).block(WAIT);
            assertThat(name).startsWith("thumbd-worker-").endsWith("/false");
        }
    }

    @Test
    void aFullPoolShedsAtOnceWithAnOverloadedProblem() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        try (WorkerPool pool = new WorkerPool(1, 1)) {
            Disposable running = pool.submit(s -> {
                started.countDown();
                await(release);
                return 1;
            }).subscribe();
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            Disposable queued = pool.submit(s -> 2).subscribe();
            Throwable refused = catchThrowable(() -> pool.submit(s -> 3).block(WAIT));
            assertThat(refused).isInstanceOfSatisfying(ProblemException.class,
                    p -> assertThat(p.type()).isEqualTo(ProblemType.OVERLOADED));
            assertThat(pool.rejected()).isEqualTo(1);
            release.countDown();
            running.dispose();
            queued.dispose();
        }
    }

    @Test
    void aQueuedTaskWhoseClientLeftNeverRuns() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        try (WorkerPool pool = new WorkerPool(1, 2)) {
            var first = pool.submit(s -> {
                started.countDown();
                await(release);
                return 1;
            }).toFuture();
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            Disposable abandoned = pool.submit(s -> ran.incrementAndGet()).subscribe();
            assertThat(pool.queued()).isEqualTo(1);
            abandoned.dispose();
            assertThat(pool.queued()).isZero();
            release.countDown();
            assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(1);
            // a task submitted after the abandoned one runs, and the abandoned one did not
            assertThat(pool.submit(s -> 7).block(WAIT)).isEqualTo(7);
            assertThat(ran).hasValue(0);
        }
    }

    @Test
    void taskFailuresReachTheSubscriber() {
        try (WorkerPool pool = new WorkerPool(1, 1)) {
            Throwable t = catchThrowable(() -> pool.submit(s -> {
                throw new ProblemException(ProblemType.CORRUPT_IMAGE, "broken");
            }).block(WAIT));
            assertThat(t).isInstanceOf(ProblemException.class).hasMessage("broken");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
