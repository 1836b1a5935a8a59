package dev.thumbd.resizer.cache;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Single-flight: concurrent callers asking for the same key while a computation runs share that computation instead
 * of starting their own. The shared computation is reference-counted: it is cancelled when every caller that waits for
 * it has cancelled (clients gone, deadlines passed), and forgotten once it ends, so a later call starts afresh.
 *
 * @param <K> key type
 * @param <V> result type
 */
public final class InFlight<K, V> {

    private final ConcurrentMap<K, Mono<V>> running = new ConcurrentHashMap<>();
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong joined = new AtomicLong();

    /**
     * The result of the computation for {@code key}: the running one if there is one, else a new one from
     * {@code computation}. Lazy: nothing starts before subscription.
     */
    public Mono<V> get(K key, Supplier<Mono<V>> computation) {
        return Mono.defer(() -> {
            Mono<V> existing = running.get(key);
            if (existing != null) {
                joined.incrementAndGet();
                return existing;
            }
            Mono<V>[] created = newArray();
            Mono<V> shared = running.computeIfAbsent(key, k -> {
                Mono<V> m = computation.get()
                        .doFinally(signal -> running.remove(k, created[0]))
                        .flux()
                        .publish()
                        .refCount(1)
                        .singleOrEmpty();
                created[0] = m;
                return m;
            });
            if (shared == created[0]) {
                started.incrementAndGet();
            } else {
                joined.incrementAndGet();
            }
            return shared;
        });
    }

    @SuppressWarnings("unchecked")
    private static <V> Mono<V>[] newArray() {
        return (Mono<V>[]) new Mono<?>[1];
    }

    /** Computations running now. */
    public int size() {
        return running.size();
    }

    /** Computations started since creation. */
    public long started() {
        return started.get();
    }

    /** Calls that joined a running computation instead of starting one. */
    public long joined() {
        return joined.get();
    }
}
