package dev.thumbd.gateway.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.thumbd.gateway.metrics.GatewayMeters;
import dev.thumbd.key.OriginalGenerations;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The gateway's small cache of thumbnails it has just passed on, so the hottest ones are answered without a trip to a
 * resizer (a CDN's job one level up, done here for the traffic that gets past it). Bounded by bytes, every entry
 * lives at most {@code ttl} and never longer than its own {@code max-age}.
 *
 * <p>Correctness rests on two rules. A write to an original through this gateway (upload, delete, purge) drops every
 * entry made from it, and bumps its generation: a thumbnail fetched before that write and arriving after it is not
 * stored ({@link #generation(String)} is read when the request starts and checked by {@link #put};
 * {@link OriginalGenerations}, as in the resizer's caches). Another gateway's writes
 * reach this one through {@link RedisInvalidations} when configured, else within {@code ttl} (docs/GATEWAY.md).
 */
public final class HotThumbnails {

    private final Cache<HotKey, HotThumbnail> entries;
    private final Duration ttl;
    private final long maxEntryBytes;
    private final OriginalGenerations generations = new OriginalGenerations();
    private final Counter hits;
    private final Counter misses;

    /**
     * @param maxBytes      bound of all bodies together (0: nothing is kept)
     * @param maxEntryBytes largest body kept
     * @param ttl           longest time an entry is served
     */
    public HotThumbnails(long maxBytes, long maxEntryBytes, Duration ttl, MeterRegistry registry) {
        this(maxBytes, maxEntryBytes, ttl, registry, Ticker.systemTicker());
    }

    HotThumbnails(long maxBytes, long maxEntryBytes, Duration ttl, MeterRegistry registry, Ticker ticker) {
        this.ttl = ttl;
        this.maxEntryBytes = maxEntryBytes;
        this.entries = Caffeine.newBuilder()
                .ticker(ticker)
                .executor(Runnable::run)
                .maximumWeight(maxBytes)
                .weigher((HotKey k, HotThumbnail t) -> t.weight() + k.weight())
                .expireAfter(Expiry.writing((HotKey k, HotThumbnail t) -> t.lifetime()))
                .build();
        this.hits = lookups(registry, "hit");
        this.misses = lookups(registry, "miss");
        Gauge.builder(GatewayMeters.CACHE_BYTES, entries, c -> c.policy().eviction()
                        .flatMap(e -> e.weightedSize().stream().boxed().findFirst()).orElse(0L))
                .description("bytes of thumbnails (and their headers) the gateway holds").baseUnit("bytes")
                .register(registry);
    }

    private static Counter lookups(MeterRegistry registry, String result) {
        return Counter.builder(GatewayMeters.CACHE_LOOKUPS).tag("result", result)
                .description("thumbnail lookups in the gateway's cache").register(registry);
    }

    /** The entry for a key, counted as a hit or a miss. */
    public @Nullable HotThumbnail get(HotKey key) {
        HotThumbnail t = entries.getIfPresent(key);
        (t != null ? hits : misses).increment();
        return t;
    }

    /** The write generation of an original now; pass it to {@link #put} for what this request fetches. */
    public long generation(String source) {
        return generations.current(source);
    }

    /** Whether a body of this many bytes would be kept. */
    public boolean fits(long bytes) {
        return bytes <= maxEntryBytes;
    }

    /** The longest an entry is kept, whatever its {@code max-age}. */
    public Duration ttl() {
        return ttl;
    }

    /**
     * Keeps a thumbnail fetched by a request that started at {@code startGeneration}, unless an original was written
     * since then (it may be that one's old thumbnail) or the body is too large.
     */
    public void put(HotKey key, HotThumbnail thumbnail, long startGeneration) {
        if (thumbnail.body().length > maxEntryBytes || thumbnail.lifetime().isZero()) {
            return;
        }
        if (generations.unchangedSince(key.source(), startGeneration)) {
            entries.put(key, thumbnail);
            if (!generations.unchangedSince(key.source(), startGeneration)) {
                entries.invalidate(key);   // a write raced with the put
            }
        }
    }

    /** Drops every thumbnail of one original (after an upload, delete or purge of it succeeded). */
    public void invalidate(String source) {
        generations.advance(source);
        entries.asMap().keySet().removeIf(k -> k.source().equals(source));
    }

    /** Drops everything (when writes may have been missed). */
    public void invalidateAll() {
        generations.advanceAll();
        entries.invalidateAll();
    }

    /** How many thumbnails are held now. */
    public long size() {
        return entries.estimatedSize();
    }
}
