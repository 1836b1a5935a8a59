package dev.thumbd.gateway.cache;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A thumbnail answer as the gateway keeps it: the body, the headers that belong to the representation (never per
 * request ones such as {@code Date}, trace or rate-limit headers), its entity tag, when it was stored and for how
 * long it may be served.
 *
 * @param storedAtNanos {@link System#nanoTime()} when stored, for {@code Age}
 */
public record HotThumbnail(byte[] body, Map<String, List<String>> headers, String etag, long storedAtNanos,
        Duration lifetime) {

    public HotThumbnail {
        headers = Map.copyOf(headers);
    }

    /** Whole seconds since it was stored, the {@code Age} a cache reports. */
    public long ageSeconds(long nowNanos) {
        return Math.max(0, (nowNanos - storedAtNanos) / 1_000_000_000L);
    }

    /** Rough heap bytes, for the cache's weigher. */
    int weight() {
        int w = 128 + body.length;
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            w += 48 + 2 * e.getKey().length();
            for (String v : e.getValue()) {
                w += 48 + 2 * v.length();
            }
        }
        return w;
    }
}
