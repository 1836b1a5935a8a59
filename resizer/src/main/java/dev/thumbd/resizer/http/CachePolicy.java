package dev.thumbd.resizer.http;

import java.time.Duration;

/**
 * {@code Cache-Control} values. Thumbnails: long {@code max-age} plus {@code stale-while-revalidate} (a CDN keeps
 * serving while it refetches), {@code public} so shared caches may store them. Client errors about the URL itself
 * (400, 404, 413, 415, 422) get a short {@code max-age}, so a CDN absorbs repeated bad URLs without pinning them
 * for long; everything else (401, 403, 412, 5xx) is {@code no-store}.
 *
 * @param maxAge               thumbnail lifetime in shared caches and browsers
 * @param staleWhileRevalidate how long a stale thumbnail may be served while revalidating
 * @param errorMaxAge          lifetime of cacheable client errors; zero makes every error {@code no-store}
 */
public record CachePolicy(Duration maxAge, Duration staleWhileRevalidate, Duration errorMaxAge) {

    public static final CachePolicy DEFAULTS = new CachePolicy(Duration.ofDays(7), Duration.ofDays(1),
            Duration.ofSeconds(60));

    /** For a thumbnail (200 and 304). */
    public String forThumbnail() {
        String v = "public, max-age=" + maxAge.toSeconds();
        return staleWhileRevalidate.isZero() ? v : v + ", stale-while-revalidate=" + staleWhileRevalidate.toSeconds();
    }

    /**
     * For a thumbnail made or chosen under load in place of the one asked for (a WebP for an AVIF still being made, a
     * cheaper encode, a capped size, a nearby width): a minute at most in any cache, so the real one replaces it soon.
     */
    public String forSubstitute() {
        return "public, max-age=" + Math.min(60, maxAge.toSeconds());
    }

    /** For an error response with this status. */
    public String forError(int status) {
        boolean aboutTheUrl = status == 400 || status == 404 || status == 413 || status == 415 || status == 422;
        return aboutTheUrl && !errorMaxAge.isZero() ? "public, max-age=" + errorMaxAge.toSeconds() : "no-store";
    }
}
