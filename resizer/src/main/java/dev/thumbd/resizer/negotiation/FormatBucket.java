package dev.thumbd.resizer.negotiation;

import dev.thumbd.spec.ImageFormat;
import java.util.Locale;

/**
 * What {@code fmt=auto} can resolve to for one client. Every {@code Accept} header reduces to one of these three
 * before it reaches a cache key, so arbitrary {@code Accept} strings cannot multiply cache entries.
 */
public enum FormatBucket {
    /** The client takes AVIF. */
    AVIF,
    /** The client takes WebP but not AVIF. */
    WEBP,
    /** Neither: PNG when the source has alpha, else JPEG. */
    LEGACY;

    /** The bucket for an {@code Accept} header. */
    public static FormatBucket of(AcceptHeader accept) {
        return accept.avif() ? AVIF : accept.webp() ? WEBP : LEGACY;
    }

    private final String token = name().toLowerCase(Locale.ROOT);
    private final String autoToken = "auto-" + token;

    /** Lowercase name used in cache keys and logs. */
    public String token() {
        return token;
    }

    /** The format part of the cache key of {@code fmt=auto} for this bucket: {@code auto-<token>}. */
    public String autoToken() {
        return autoToken;
    }

    /** The format this bucket prefers, before availability and alpha are considered. */
    ImageFormat preferred(boolean alpha) {
        return switch (this) {
            case AVIF -> ImageFormat.AVIF;
            case WEBP -> ImageFormat.WEBP;
            case LEGACY -> alpha ? ImageFormat.PNG : ImageFormat.JPEG;
        };
    }
}
