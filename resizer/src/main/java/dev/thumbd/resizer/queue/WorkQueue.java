package dev.thumbd.resizer.queue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * A durable queue of background work with one consumer group: entries are appended, handed to one consumer at a
 * time, and stay pending (owned by that consumer) until acknowledged. A consumer that dies leaves its entries
 * pending; another takes them over with {@link #reclaim} once they have been idle long enough. An entry delivered
 * more than {@code maxDeliveries} times goes to the dead letters instead of to a consumer.
 *
 * <p>Delivery is at least once: an entry whose consumer died after doing the work but before {@link #ack} is done
 * again, so the work must be idempotent. Engines: {@link RedisStreamQueue} (Redis Streams, a consumer group) and
 * {@link JournaledQueue} (in process, an fsync'd journal under the data directory). Every method is non-blocking.
 */
public interface WorkQueue extends AutoCloseable {

    /** Appends an entry; the id it gets, ordered by append time. */
    Mono<String> append(Map<String, String> fields);

    /** Up to {@code max} entries no consumer has had yet, now owned by {@code consumer}; empty when none. */
    Mono<List<Delivery>> read(String consumer, int max);

    /** The work of entry {@code id} is done (stored): it is gone from the queue. Unknown ids are ignored. */
    Mono<Void> ack(String id);

    /**
     * Takes over up to {@code max} entries pending for at least {@code minIdle} with another consumer (or with
     * {@code consumer} itself); each counts one more delivery. Those delivered more than the queue's
     * {@code maxDeliveries} are moved to the dead letters instead.
     */
    Mono<Reclaimed> reclaim(String consumer, Duration minIdle, int max);

    /** Depth, pending, oldest entry's age, dead letters. */
    Mono<QueueStats> stats();

    /** Up to {@code max} dead letters, oldest first (their fields, and the delivery count they died at). */
    Mono<List<Delivery>> deadLetters(int max);

    @Override
    void close();

    /** An entry handed to a consumer; {@code deliveries} counts this delivery (1 the first time). */
    record Delivery(String id, Map<String, String> fields, long deliveries) {
        public Delivery {
            fields = Map.copyOf(fields);
        }
    }

    /** What {@link #reclaim} took over, and the entries it moved to the dead letters instead. */
    record Reclaimed(List<Delivery> deliveries, List<Delivery> dead) {
        public Reclaimed {
            deliveries = List.copyOf(deliveries);
            dead = List.copyOf(dead);
        }

        public int deadLettered() {
            return dead.size();
        }
    }

    /**
     * @param depth        entries appended and not yet acknowledged (waiting or pending)
     * @param pending      entries a consumer has and has not acknowledged
     * @param oldestMillis age of the oldest entry not acknowledged, 0 when there is none
     * @param deadLetters  entries in the dead letters
     */
    record QueueStats(long depth, long pending, long oldestMillis, long deadLetters) {
    }
}
