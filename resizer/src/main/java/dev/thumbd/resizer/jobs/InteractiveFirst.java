package dev.thumbd.resizer.jobs;

import dev.thumbd.resizer.admission.WorkerPool;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * When a background render may take a worker: only while interactive requests leave one idle (no render waits in
 * the admission queue and fewer workers are busy than there are), while the resizer is not degraded (level 0), and
 * for AVIF, the most expensive encode, only while fewer than {@code avifCap} background AVIF renders run. Otherwise
 * it waits, looking again every {@code recheck}; interactive requests never wait for background work they were not
 * already queued behind.
 */
public final class InteractiveFirst {

    private final WorkerPool workers;
    private final IntSupplier degradation;
    private final int avifCap;
    private final Duration recheck;
    private final AtomicInteger avif = new AtomicInteger();
    private final AtomicInteger paused = new AtomicInteger();

    public InteractiveFirst(WorkerPool workers, IntSupplier degradation, int avifCap, Duration recheck) {
        this.workers = workers;
        this.degradation = degradation;
        this.avifCap = avifCap;
        this.recheck = recheck;
    }

    /** Whether interactive load leaves room now. */
    boolean roomNow() {
        return degradation.getAsInt() == 0 && workers.queued() == 0 && workers.active() < workers.workers();
    }

    /** Completes when a render of this kind may start (for AVIF, holding one of its slots: {@link #release}). */
    public Mono<Void> admit(boolean isAvif) {
        return Mono.defer(() -> {
            if (!roomNow()) {
                paused.incrementAndGet();
                return Mono.error(Wait.INSTANCE);
            }
            if (isAvif && avif.incrementAndGet() > avifCap) {
                avif.decrementAndGet();
                paused.incrementAndGet();
                return Mono.error(Wait.INSTANCE);
            }
            return Mono.<Void>empty();
        }).retryWhen(Retry.fixedDelay(Long.MAX_VALUE, recheck).filter(e -> e == Wait.INSTANCE));
    }

    /** Gives back the AVIF slot {@link #admit} took. */
    public void release(boolean isAvif) {
        if (isAvif) {
            avif.decrementAndGet();
        }
    }

    /** How many times a background render found no room and waited (a meter). */
    public long pauses() {
        return paused.get();
    }

    private static final class Wait extends RuntimeException {
        static final Wait INSTANCE = new Wait();

        private Wait() {
            super("no room for background work", null, false, false);
        }
    }
}
