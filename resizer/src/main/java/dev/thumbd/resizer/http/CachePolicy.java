package dev.thumbd.resizer.http;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * {@code Cache-Control} values. Thumbnails: {@code public} so shared caches may store them, a browser lifetime
 * ({@code max-age}) and a longer one for shared caches ({@code s-maxage}: a CDN can be purged by
 * {@code Surrogate-Key} when an original changes, a browser cannot), plus {@code stale-while-revalidate} (a CDN keeps
 * serving while it refetches). Optionally a {@code CDN-Cache-Control} (RFC 9213) that only CDNs read. Client errors
 * about the URL itself (400, 404, 413, 415, 422) get a short {@code max-age}, so a CDN absorbs repeated bad URLs
 * without pinning them for long; everything else (401, 403, 412, 5xx) is {@code no-store}.
 *
 * @param maxAge               thumbnail lifetime in browsers (and in shared caches when {@code sharedMaxAge} is
 *                             the same)
 * @param sharedMaxAge         thumbnail lifetime in shared caches ({@code s-maxage}); not sent when equal to
 *                             {@code maxAge}
 * @param staleWhileRevalidate how long a stale thumbnail may be served while revalidating
 * @param errorMaxAge          lifetime of cacheable client errors; zero makes every error {@code no-store}
 * @param cdnMaxAge            {@code CDN-Cache-Control: max-age} of thumbnails; zero sends no such header
 */
public record CachePolicy(Duration maxAge, Duration sharedMaxAge, Duration staleWhileRevalidate, Duration errorMaxAge,
        Duration cdnMaxAge) {

    /** The header only CDNs read (RFC 9213). */
    public static final String CDN_CACHE_CONTROL = "CDN-Cache-Control";

    public static final CachePolicy DEFAULTS = new CachePolicy(Duration.ofDays(1), Duration.ofDays(7),
            Duration.ofDays(1), Duration.ofSeconds(60), Duration.ZERO);

    public CachePolicy {
        for (Duration d : new Duration[] {maxAge, sharedMaxAge, staleWhileRevalidate, errorMaxAge, cdnMaxAge}) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("thumbd.http.*: a lifetime cannot be negative (" + d + ")");
            }
        }
    }

    /** For a thumbnail (200 and 304). */
    public String forThumbnail() {
        StringBuilder v = new StringBuilder(96).append("public, max-age=").append(maxAge.toSeconds());
        if (!sharedMaxAge.equals(maxAge)) {
            v.append(", s-maxage=").append(sharedMaxAge.toSeconds());
        }
        if (!staleWhileRevalidate.isZero()) {
            v.append(", stale-while-revalidate=").append(staleWhileRevalidate.toSeconds());
        }
        return v.toString();
    }

    /**
     * {@code CDN-Cache-Control} for a thumbnail at full quality, or null when none is sent. A substitute (below) never
     * gets one: a CDN would keep it for longer than a minute.
     */
    public @Nullable String forCdn() {
        return cdnMaxAge.isZero() ? null : "max-age=" + cdnMaxAge.toSeconds();
    }

    /**
     * For a thumbnail made or chosen under load in place of the one asked for (a WebP for an AVIF still being made, a
     * cheaper encode, a capped size, a nearby width): a minute at most in any cache, so the real one replaces it soon.
     */
    public String forSubstitute() {
        return "public, max-age=" + Math.min(60, maxAge.toSeconds());
    }

    /** Whether an error response with this status may be kept by caches ({@link #forError} is not no-store). */
    public boolean cacheable(int status) {
        boolean aboutTheUrl = status == 400 || status == 404 || status == 413 || status == 415 || status == 422;
        return aboutTheUrl && !errorMaxAge.isZero();
    }

    /** For an error response with this status. */
    public String forError(int status) {
        return cacheable(status) ? "public, max-age=" + errorMaxAge.toSeconds() : "no-store";
    }
}
