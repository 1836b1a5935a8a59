package dev.thumbd.resizer.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A queue read as demand asks: one batch is taken from the queue (first the entries other consumers left idle for
 * {@code minIdle}, taken over; then new ones) only when the subscriber has used up the previous one, so a slow
 * consumer holds at most one batch beyond what it asked for and the rest stays in the queue for other replicas. An
 * empty queue is asked again after {@code idlePoll}.
 *
 * <p>{@code minIdle} must be longer than any consumer keeps an entry before acknowledging it (a batch's renders):
 * taking over is by idle time alone ({@code XAUTOCLAIM}), so it would also take back entries a slow consumer (this
 * one included) still works on, and count a delivery each time.
 *
 * @param onReclaimed    told how many entries each batch took over from another consumer
 * @param onDeadLettered told of the entries a batch moved to the dead letters
 */
public record Deliveries(WorkQueue queue, String consumer, int batch, Duration minIdle, Duration idlePoll,
        IntConsumer onReclaimed, Consumer<List<WorkQueue.Delivery>> onDeadLettered) {

    public Deliveries {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1");
        }
    }

    /**
     * How a consumer reads: entries per batch, how long an entry must be idle before another consumer takes it over
     * (longer than any render), how long to wait before asking an empty queue again.
     */
    public record Settings(int batch, Duration minIdle, Duration idlePoll) {
    }

    /** The deliveries of this consumer, endless (cancel to stop). */
    public Flux<WorkQueue.Delivery> flux() {
        return Mono.defer(this::nextBatch)
                .flatMap(b -> b.isEmpty() ? Mono.delay(idlePoll).thenReturn(b) : Mono.just(b))
                .repeat()
                .concatMapIterable(b -> b, 1);
    }

    private Mono<List<WorkQueue.Delivery>> nextBatch() {
        return queue.reclaim(consumer, minIdle, batch).flatMap(r -> {
            if (r.deadLettered() > 0) {
                onDeadLettered.accept(r.dead());
            }
            if (!r.deliveries().isEmpty()) {
                onReclaimed.accept(r.deliveries().size());
            }
            int room = batch - r.deliveries().size();
            if (room <= 0) {
                return Mono.just(r.deliveries());
            }
            return queue.read(consumer, room).map(fresh -> {
                List<WorkQueue.Delivery> all = new ArrayList<>(r.deliveries());
                all.addAll(fresh);
                return all;
            });
        });
    }
}
