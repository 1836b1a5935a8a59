package dev.thumbd.gateway.cache;

/**
 * What one thumbnail answer depends on: the request's fingerprint (its canonical query), the canary/A-B variant that
 * makes it, and, when the format is negotiated ({@code fmt=auto}), the client's {@code Accept} as sent (exact, so two
 * clients never share an answer the resizer might have made differently for them). The original is kept for
 * invalidation.
 */
public record HotKey(String fingerprint, String variant, String accept, String source) {

    /** Rough heap bytes of the key, for the cache's weigher. */
    int weight() {
        return 96 + 2 * (fingerprint.length() + variant.length() + accept.length() + source.length());
    }
}
