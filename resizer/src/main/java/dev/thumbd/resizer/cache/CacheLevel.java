package dev.thumbd.resizer.cache;

import java.util.Locale;

/** Where a response came from; the token appears in {@code Server-Timing}, logs and metric tags. */
public enum CacheLevel {
    /** In-memory cache. */
    L1,
    /** Local disk cache. */
    L2,
    /** Derivatives in the object store. */
    L3,
    /** Not cached: computed by the pipeline. */
    MISS;

    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }
}
