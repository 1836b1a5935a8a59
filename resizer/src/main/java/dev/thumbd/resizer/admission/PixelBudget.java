package dev.thumbd.resizer.admission;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.pipeline.MemoryGate;
import dev.thumbd.resizer.pipeline.RenderCost;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;

/**
 * The global budget of pixel bytes: the renders in progress together never hold more than {@link #capacity()}
 * bytes of heap and {@link #nativeCapacity()} bytes of native (codec) memory, as {@link RenderCost} counts them.
 *
 * <p>A render is probed and planned before it is queued ({@code ThumbnailPipeline#probe}); a render whose peak alone
 * is over either budget can never run and is refused there at once with 422 {@code image-too-large} naming the
 * limit. The {@link WorkerPool} worker that takes a render from the queue asks for its peak here before running it.
 * It gets it at once when it fits; otherwise it waits, first come first served (a large render is not starved by a
 * stream of small ones), until the render's admission deadline: the same bound as its wait for a worker, so a render
 * not begun in time is answered 503 {@code overloaded} with {@code Retry-After} whatever it waited for. The time spent waiting is reported to {@code waits} (the degradation
 * controller's latency water level reads waiting, not rendering).
 */
public final class PixelBudget implements MemoryGate {

    private final long capacity;
    private final long nativeCapacity;
    private final Duration maxWait;
    private final LongConsumer waits;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private long used;
    private long usedNative;
    private long peakUsed;
    private final AtomicLong admitted = new AtomicLong();
    private final AtomicLong waited = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    /**
     * @param capacity       heap bytes all renders together may hold
     * @param nativeCapacity native bytes all renders together may hold
     * @param maxWait        how long a render may wait for room
     * @param waits          told the nanoseconds of every wait (renders admitted at once are not reported)
     */
    public PixelBudget(long capacity, long nativeCapacity, Duration maxWait, LongConsumer waits) {
        if (capacity < 1 || nativeCapacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity + ", native " + nativeCapacity);
        }
        this.capacity = capacity;
        this.nativeCapacity = nativeCapacity;
        this.maxWait = maxWait;
        this.waits = waits;
    }

    @Override
    public boolean fits(RenderCost cost) {
        return cost.heapBytes() <= capacity && cost.nativeBytes() <= nativeCapacity;
    }

    @Override
    public String describe() {
        return "heap " + capacity + ", native " + nativeCapacity;
    }

    @Override
    public void requireFits(RenderCost cost) {
        if (!fits(cost)) {
            refused.incrementAndGet();
            long bytes = cost.heapBytes();
            boolean heap = bytes > capacity;
            throw new ProblemException(ProblemType.IMAGE_TOO_LARGE, String.format(Locale.ROOT,
                    "this thumbnail needs %.0f MiB of %s memory to make; all renders together may use %.0f MiB "
                            + "(%s); ask for a smaller size", (heap ? bytes : cost.nativeBytes()) / 1048576.0,
                    heap ? "pixel" : "native codec", (heap ? capacity : nativeCapacity) / 1048576.0,
                    heap ? "thumbd.memory.pixel-budget" : "thumbd.memory.native-budget"));
        }
    }

    @Override
    public Permit admit(RenderCost cost) {
        return admit(cost, System.nanoTime() + maxWait.toNanos());
    }

    /**
     * Waits until {@code cost} fits, at most until {@code deadline} (a {@link System#nanoTime()} value), then holds
     * its bytes until the permit is closed.
     *
     * @throws ProblemException {@code IMAGE_TOO_LARGE} (422) at once when the render alone is over the budget,
     *         {@code OVERLOADED} (503) when it did not fit by the deadline
     */
    public Permit admit(RenderCost cost, long deadline) {
        long bytes = cost.heapBytes();
        long natives = cost.nativeBytes();
        requireFits(cost);
        Object ticket = new Object();
        long t0 = System.nanoTime();
        boolean queued = false;
        lock.lock();
        try {
            queue.addLast(ticket);
            while (queue.peekFirst() != ticket || used + bytes > capacity || usedNative + natives > nativeCapacity) {
                queued = true;
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    queue.remove(ticket);
                    changed.signalAll();
                    timedOut.incrementAndGet();
                    throw new ProblemException(ProblemType.OVERLOADED, String.format(Locale.ROOT,
                            "The renders in progress hold the pixel memory (%.0f of %.0f MiB) and this one "
                                    + "(%.0f MiB) did not fit within %d ms; retry shortly.", used / 1048576.0,
                            capacity / 1048576.0, bytes / 1048576.0, (System.nanoTime() - t0) / 1_000_000));
                }
                changed.awaitNanos(left);
            }
            queue.removeFirst();
            used += bytes;
            usedNative += natives;
            peakUsed = Math.max(peakUsed, used);
            changed.signalAll();   // the next in line may fit too
        } catch (InterruptedException e) {
            queue.remove(ticket);
            changed.signalAll();
            Thread.currentThread().interrupt();
            throw new ProblemException(ProblemType.OVERLOADED, "The server is shutting down.");
        } finally {
            lock.unlock();
        }
        admitted.incrementAndGet();
        if (queued) {
            waited.incrementAndGet();
            waits.accept(System.nanoTime() - t0);
        }
        AtomicBoolean open = new AtomicBoolean(true);
        return () -> {
            if (open.compareAndSet(true, false)) {
                release(bytes, natives);
            }
        };
    }

    private void release(long bytes, long natives) {
        lock.lock();
        try {
            used -= bytes;
            usedNative -= natives;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Heap bytes all renders together may hold. */
    public long capacity() {
        return capacity;
    }

    /** Native bytes all renders together may hold. */
    public long nativeCapacity() {
        return nativeCapacity;
    }

    /** Heap bytes held by renders now. */
    public long used() {
        lock.lock();
        try {
            return used;
        } finally {
            lock.unlock();
        }
    }

    /** The most heap bytes held at once since start. */
    public long peakUsed() {
        lock.lock();
        try {
            return peakUsed;
        } finally {
            lock.unlock();
        }
    }

    /** Renders waiting for room now. */
    public int waiting() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Renders admitted since start. */
    public long admitted() {
        return admitted.get();
    }

    /** Renders that had to wait for room. */
    public long waited() {
        return waited.get();
    }

    /** Renders refused with 503 after waiting {@code maxWait}. */
    public long timedOut() {
        return timedOut.get();
    }

    /** Renders refused with 422 for needing more than one render may hold. */
    public long refused() {
        return refused.get();
    }

    /** Waiting time limit. */
    public Duration maxWait() {
        return maxWait;
    }
}
