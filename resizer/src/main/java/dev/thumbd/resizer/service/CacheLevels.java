package dev.thumbd.resizer.service;

import dev.thumbd.resizer.cache.DiskCache;
import dev.thumbd.resizer.cache.MemoryCache;
import dev.thumbd.resizer.cache.StoreCache;
import org.jspecify.annotations.Nullable;

/**
 * The cache levels a service uses.
 *
 * @param enabled         false turns every level and single-flight off (each request computes; for measuring the
 *                        cold path)
 * @param memory          L1
 * @param disk            L2, or null
 * @param store           L3, or null
 * @param promoteMaxBytes an L2 hit up to this size is read into L1; larger ones are sent from the file
 */
public record CacheLevels(boolean enabled, MemoryCache memory, @Nullable DiskCache disk, @Nullable StoreCache store,
        long promoteMaxBytes) {

    /** No caching at all. */
    public static CacheLevels disabled() {
        return new CacheLevels(false, new MemoryCache(0), null, null, 0);
    }
}
