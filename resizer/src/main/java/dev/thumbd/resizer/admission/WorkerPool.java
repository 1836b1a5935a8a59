package dev.thumbd.resizer.admission;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.resizer.pipeline.MemoryGate;
import dev.thumbd.resizer.pipeline.RenderCost;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The only place CPU work (decode, resize, encode) runs, and the one place renders are admitted: a fixed pool of
 * platform threads, one per core by default, each owning one {@link Scratch}, behind a bounded queue; a render
 * begins when a worker is free and its bytes fit the {@link PixelBudget}, first come first served, within one wait
 * bound.
 *
 * <p>Admission is immediate: when every worker is busy and the queue is full, {@link #submit} fails at once with an
 * {@link ProblemType#OVERLOADED} problem (503 with {@code Retry-After}) instead of letting latency grow without bound.
 * A task whose subscriber cancels (the client went away, or its deadline passed) before a worker took it is removed
 * from the queue and never runs; a task already running finishes (native codecs cannot be interrupted safely) and its
 * result is dropped by the subscriber.
 */
public final class WorkerPool implements AutoCloseable {

    private volatile BooleanSupplier shedAll = () -> false;
    private volatile LongConsumer queueWaits = nanos -> { };
    private volatile long maxQueueWaitNanos = Long.MAX_VALUE;
    private volatile @Nullable PixelBudget budget;

    private final ThreadPoolExecutor executor;
    private final ThreadLocal<Scratch> scratch;
    private final int queueCapacity;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong busyNanos = new AtomicLong();

    /**
     * @param workers       number of worker threads (normally the number of cores)
     * @param queueCapacity tasks that may wait for a worker (at least 1)
     */
    public WorkerPool(int workers, int queueCapacity) {
        this(workers, queueCapacity, Scratch.DEFAULT_RETAIN_LIMIT_BYTES);
    }

    /**
     * @param workers            number of worker threads (normally the number of cores)
     * @param queueCapacity      tasks that may wait for a worker (at least 1)
     * @param scratchRetainBytes what each worker's scratch keeps between tasks
     */
    public WorkerPool(int workers, int queueCapacity, long scratchRetainBytes) {
        if (workers < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("workers " + workers + ", queue " + queueCapacity);
        }
        this.queueCapacity = queueCapacity;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(scratchRetainBytes));
        this.executor = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity), new WorkerThreads(),
                new ThreadPoolExecutor.AbortPolicy());
        this.executor.prestartAllCoreThreads();
    }

    /** A pool with one worker per available processor and a queue of four tasks per worker. */
    public static WorkerPool perCore() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new WorkerPool(cores, 4 * cores);
    }

    /**
     * Runs {@code task} on a worker with that worker's scratch buffers. Nothing happens before subscription; the
     * result is emitted on the worker thread.
     *
     * @return the task's result, or an {@link ProblemType#OVERLOADED} problem when the pool is saturated
     */
    public <T> Mono<T> submit(Function<Scratch, T> task) {
        return submit(null, task);
    }

    /**
     * Runs {@code task}, a render whose peak memory is {@code cost}, on a worker once its bytes are admitted by the
     * pixel budget ({@link #admitBy}): one wait bound covers both waits, for a worker and then for memory, so a
     * render that has not begun within {@link #refuseAfterQueueWait} is answered 503 whatever held it up.
     *
     * @return the task's result, or an {@link ProblemType#OVERLOADED} problem when the pool is saturated or the
     *         render could not begin in time
     */
    public <T> Mono<T> submit(@Nullable RenderCost cost, Function<Scratch, T> task) {
        if (shedAll.getAsBoolean()) {
            return Mono.error(() -> new ProblemException(ProblemType.OVERLOADED,
                    "The server is degraded to cache hits only; retry later."));
        }
        return Mono.create(sink -> {
            long submitted = System.nanoTime();
            FutureTask<T> future = new FutureTask<>(() -> {
                active.incrementAndGet();
                long t0 = System.nanoTime();
                queueWaits.accept(t0 - submitted);
                if (t0 - submitted > maxQueueWaitNanos) {
                    rejected.incrementAndGet();
                    throw new ProblemException(ProblemType.OVERLOADED, "The request waited "
                            + (t0 - submitted) / 1_000_000 + " ms for an image worker; retry shortly.");
                }
                PixelBudget memory = budget;
                MemoryGate.Permit permit = null;
                try {
                    if (memory != null && cost != null) {
                        long bound = maxQueueWaitNanos == Long.MAX_VALUE ? Long.MAX_VALUE / 2 : maxQueueWaitNanos;
                        permit = memory.admit(cost, submitted + bound);
                    }
                    return task.apply(scratch.get());
                } finally {
                    if (permit != null) {
                        permit.close();
                    }
                    busyNanos.addAndGet(System.nanoTime() - t0);
                    active.decrementAndGet();
                    completed.incrementAndGet();
                }
            }) {
                @Override
                protected void done() {
                    if (isCancelled()) {
                        return;
                    }
                    try {
                        sink.success(get());
                    } catch (java.util.concurrent.ExecutionException e) {
                        sink.error(e.getCause());
                    } catch (InterruptedException | CancellationException e) {
                        sink.error(e);
                    }
                }
            };
            try {
                executor.execute(future);
            } catch (RejectedExecutionException e) {
                rejected.incrementAndGet();
                sink.error(executor.isShutdown()
                        ? new ProblemException(ProblemType.OVERLOADED, "The server is shutting down.")
                        : overloaded());
                return;
            }
            sink.onCancel(() -> {
                if (future.cancel(false)) {
                    executor.remove(future);
                }
            });
        });
    }

    private ProblemException overloaded() {
        return new ProblemException(ProblemType.OVERLOADED,
                "All " + executor.getMaximumPoolSize() + " image workers are busy and " + queueCapacity
                        + " requests are waiting; retry shortly.");
    }

    /**
     * A task that waited longer than {@code wait} for a worker is not run but answered 503 {@code overloaded}: its
     * client would mostly be gone (or past its deadline) by the time the render ended, and a retry later is better.
     */
    public void refuseAfterQueueWait(java.time.Duration wait) {
        this.maxQueueWaitNanos = wait.toNanos();
    }

    /** Renders submitted with a cost wait for their bytes in {@code budget} before they run. */
    public void admitBy(PixelBudget budget) {
        this.budget = budget;
    }

    /** Tells {@code observer} how long each task waited in the queue for a worker (nanoseconds). */
    public void observeQueueWaits(LongConsumer observer) {
        this.queueWaits = observer;
    }

    /** Refuse every new task while {@code condition} holds (degradation level 4: cache hits only). */
    public void shedAllWhen(BooleanSupplier condition) {
        this.shedAll = condition;
    }

    /** Worker threads. */
    public int workers() {
        return executor.getMaximumPoolSize();
    }

    /** Tasks waiting for a worker. */
    public int queued() {
        return executor.getQueue().size();
    }

    /** Capacity of the waiting queue. */
    public int queueCapacity() {
        return queueCapacity;
    }

    /** Workers running a task now. */
    public int active() {
        return active.get();
    }

    /** Tasks refused since start. */
    public long rejected() {
        return rejected.get();
    }

    /** Tasks finished since start. */
    public long completed() {
        return completed.get();
    }

    /** Total nanoseconds workers spent running tasks (for utilisation: its rate divided by {@link #workers}). */
    public long busyNanos() {
        return busyNanos.get();
    }

    /** Stops taking tasks, lets queued ones finish for up to {@code timeout}, then frees the scratch buffers. */
    public void shutdown(java.time.Duration timeout) throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** Platform threads named {@code thumbd-worker-N}; each frees its scratch buffers when it ends. */
    private final class WorkerThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = Thread.ofPlatform().name("thumbd-worker-" + count.incrementAndGet()).daemon(true).unstarted(() -> {
                try {
                    r.run();
                } finally {
                    scratch.get().close();
                    scratch.remove();
                }
            });
            return t;
        }
    }
}
