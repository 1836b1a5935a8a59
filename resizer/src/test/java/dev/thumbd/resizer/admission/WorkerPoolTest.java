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

    private static final long MIB = 1 << 20;

    /** A render that holds {@code heapMib} MiB of heap at its peak. */
    private static dev.thumbd.resizer.pipeline.RenderCost cost(long heapMib) {
        return new dev.thumbd.resizer.pipeline.RenderCost(heapMib * MIB, 0);
    }

    /**
     * Two workers, a budget of 100 MiB: a render of 80 MiB runs; a render of 30 MiB submitted next finds a free
     * worker but not its bytes, so it does not begin until the first gives them back. It is counted as having waited
     * for memory, and no render ever held more than the budget.
     */
    @Test
    void aRenderBeginsOnlyWhenAWorkerIsFreeAndItsBytesFit() throws Exception {
        PixelBudget budget = new PixelBudget(100 * MIB, 100 * MIB, Duration.ofMinutes(1), n -> { });
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        java.util.List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (WorkerPool pool = new WorkerPool(2, 4)) {
            pool.admitBy(budget);
            var big = pool.submit(cost(80), s -> {
                started.countDown();
                await(release);
                order.add("big");
                return 1;
            }).toFuture();
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            var small = pool.submit(cost(30), s -> {
                order.add("small, " + budget.used() / MIB + " MiB held");
                return 2;
            }).toFuture();
            while (budget.waiting() < 1) {
                Thread.onSpinWait();
            }
            assertThat(small).isNotDone();
            release.countDown();
            assertThat(big.get(30, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(small.get(30, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(order).containsExactly("big", "small, 30 MiB held");
            assertThat(budget.waited()).isEqualTo(1);
            assertThat(budget.peakUsed()).isEqualTo(80 * MIB);
            assertThat(budget.used()).isZero();
        }
    }

    /**
     * One wait bound for a worker and for memory: with a bound of 50 ms, a render whose bytes do not fit while
     * another holds the budget is answered 503 overloaded (never run), and the budget is not left blocked by it.
     */
    @Test
    void aRenderThatCannotBeginWithinTheWaitBoundIs503AndNeverRuns() throws Exception {
        PixelBudget budget = new PixelBudget(100 * MIB, 100 * MIB, Duration.ofMinutes(1), n -> { });
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        try (WorkerPool pool = new WorkerPool(2, 4)) {
            pool.admitBy(budget);
            pool.refuseAfterQueueWait(Duration.ofMillis(50));
            var holder = pool.submit(cost(90), s -> {
                started.countDown();
                await(release);
                return 1;
            }).toFuture();
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            Throwable t = catchThrowable(() -> pool.submit(cost(20), s -> ran.incrementAndGet()).block(WAIT));
            assertThat(t).isInstanceOfSatisfying(ProblemException.class,
                    p -> assertThat(p.type()).isEqualTo(ProblemType.OVERLOADED));
            assertThat(ran).hasValue(0);
            assertThat(budget.timedOut()).isEqualTo(1);
            release.countDown();
            assertThat(holder.get(30, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(pool.submit(cost(20), s -> 3).block(WAIT)).isEqualTo(3);
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
