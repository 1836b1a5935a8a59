package dev.thumbd.resizer.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import java.util.Optional;

/**
 * L1: encoded thumbnails in the heap, bounded in bytes, with Caffeine's W-TinyLFU admission so a one-off scan of
 * cold URLs does not flush the popular ones.
 */
public final class MemoryCache {

    private final Cache<VariantKey, Variant> cache;
    private final long maxBytes;

    public MemoryCache(long maxBytes) {
        this.maxBytes = maxBytes;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((VariantKey k, Variant v) -> v.weight())
                .recordStats()
                .build();
    }

    public Optional<Variant> get(VariantKey key) {
        return Optional.ofNullable(cache.getIfPresent(key));
    }

    /** Whether {@code key} is held, without counting a lookup or touching its popularity. */
    public boolean contains(VariantKey key) {
        return cache.asMap().containsKey(key);
    }

    public void put(VariantKey key, Variant variant) {
        if (variant.weight() <= maxBytes) {
            cache.put(key, variant);
        }
    }

    /** Drops every variant of {@code source}. */
    public void purge(String source) {
        cache.asMap().keySet().removeIf(k -> k.source().equals(source));
    }

    /** Bytes held now (weights of the entries). */
    public long bytes() {
        return cache.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    public long maxBytes() {
        return maxBytes;
    }

    public long entries() {
        return cache.estimatedSize();
    }

    public CacheStats stats() {
        return cache.stats();
    }

    /** Runs pending maintenance (eviction) now; for tests and metrics. */
    public void cleanUp() {
        cache.cleanUp();
    }
}
