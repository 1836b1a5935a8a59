package dev.thumbd.resizer.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.pipeline.MemoryGate;
import dev.thumbd.resizer.pipeline.RenderCost;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PixelBudgetTest {

    private static final long MIB = 1 << 20;
    private final AtomicLong waited = new AtomicLong();
    /** One thread per waiting render (the common pool may have a single thread on a small machine). */
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    /** A render that holds {@code heap} MiB of heap and {@code natives} MiB of native memory at its peak. */
    private static RenderCost cost(long heapMib, long nativeMib) {
        return new RenderCost(heapMib * MIB, nativeMib * MIB);
    }

    private PixelBudget budget(long heapMib, long nativeMib, Duration wait) {
        return new PixelBudget(heapMib * MIB, nativeMib * MIB, wait, waited::addAndGet);
    }

    @Test
    void rendersThatFitTogetherRunTogetherAndGiveTheirBytesBack() {
        PixelBudget b = budget(100, 100, Duration.ofSeconds(5));
        MemoryGate.Permit one = b.admit(cost(40, 10));
        MemoryGate.Permit two = b.admit(cost(50, 10));
        assertThat(b.used()).isEqualTo(90 * MIB);
        one.close();
        one.close();   // once only
        assertThat(b.used()).isEqualTo(50 * MIB);
        two.close();
        assertThat(b.used()).isZero();
        assertThat(b.peakUsed()).isEqualTo(90 * MIB);
        assertThat(b.waited()).isZero();
        assertThat(waited.get()).isZero();
    }

    @Test
    void aRenderThatDoesNotFitWaitsForTheBytesAndIsReportedAsWaiting() throws Exception {
        PixelBudget b = budget(100, 100, Duration.ofMinutes(1));
        MemoryGate.Permit big = b.admit(cost(80, 0));
        CompletableFuture<MemoryGate.Permit> second = CompletableFuture.supplyAsync(() -> b.admit(cost(30, 0)), threads);
        while (b.waiting() < 1) {
            Thread.onSpinWait();
        }
        assertThat(second).isNotDone();
        big.close();
        MemoryGate.Permit p = second.get(1, TimeUnit.MINUTES);
        assertThat(b.used()).isEqualTo(30 * MIB);
        assertThat(b.waited()).isEqualTo(1);
        assertThat(waited.get()).isPositive();
        p.close();
    }

    @Test
    void waitingRendersAreAdmittedInArrivalOrderSoALargeOneIsNotStarved() throws Exception {
        PixelBudget b = budget(100, 100, Duration.ofMinutes(1));
        MemoryGate.Permit running = b.admit(cost(60, 0));
        List<String> order = new CopyOnWriteArrayList<>();
        CompletableFuture<MemoryGate.Permit> large = CompletableFuture.supplyAsync(() -> {
            MemoryGate.Permit p = b.admit(cost(95, 0));
            order.add("large");
            return p;
        }, threads);
        while (b.waiting() < 1) {
            Thread.onSpinWait();
        }
        CompletableFuture<MemoryGate.Permit> small = CompletableFuture.supplyAsync(() -> {
            MemoryGate.Permit p = b.admit(cost(10, 0));   // would fit beside the running one, but arrived later
            order.add("small");
            return p;
        }, threads);
        while (b.waiting() < 2) {
            Thread.onSpinWait();
        }
        assertThat(small).isNotDone();
        running.close();
        large.get(1, TimeUnit.MINUTES).close();
        small.get(1, TimeUnit.MINUTES).close();
        assertThat(order).containsExactly("large", "small");
    }

    @Test
    void aRenderThatWaitedTooLongIs503Overloaded() {
        PixelBudget b = budget(100, 100, Duration.ofMillis(20));
        MemoryGate.Permit held = b.admit(cost(90, 0));
        ProblemException e = catchThrowableOfType(ProblemException.class, () -> b.admit(cost(20, 0)));
        assertThat(e.type()).isEqualTo(ProblemType.OVERLOADED);
        assertThat(e.type().status()).isEqualTo(503);
        assertThat(b.timedOut()).isEqualTo(1);
        assertThat(b.waiting()).isZero();
        held.close();
        b.admit(cost(20, 0)).close();   // the queue is not left blocked by the one that gave up
    }

    @Test
    void aRenderOverTheBudgetOnItsOwnIs422NamingTheLimitAtOnce() {
        PixelBudget b = budget(100, 50, Duration.ofMinutes(10));
        MemoryGate.Permit held = b.admit(cost(90, 0));   // even while busy: no waiting for what can never fit
        ProblemException heap = catchThrowableOfType(ProblemException.class, () -> b.admit(cost(101, 0)));
        assertThat(heap.type()).isEqualTo(ProblemType.IMAGE_TOO_LARGE);
        assertThat(heap.getMessage()).contains("thumbd.memory.pixel-budget");
        ProblemException natives = catchThrowableOfType(ProblemException.class, () -> b.admit(cost(10, 51)));
        assertThat(natives.getMessage()).contains("thumbd.memory.native-budget");
        assertThat(b.fits(cost(100, 50))).isTrue();
        assertThat(b.refused()).isEqualTo(2);
        held.close();
    }
}
