package dev.thumbd.resizer.service;

import dev.thumbd.resizer.negotiation.FormatBucket;
import dev.thumbd.spec.OutputFormat;
import dev.thumbd.spec.ThumbnailSpec;
import java.util.Objects;

/**
 * One thumbnail to render.
 *
 * @param spec           the parsed request
 * @param fingerprintHex {@code spec.fingerprint().hex()}, computed once by the caller that parsed the spec
 * @param bucket         the client's {@code Accept} reduced to a bucket (used only when {@code fmt=auto})
 */
public record RenderRequest(ThumbnailSpec spec, String fingerprintHex, FormatBucket bucket) {
    public RenderRequest {
        Objects.requireNonNull(spec);
        Objects.requireNonNull(fingerprintHex);
        Objects.requireNonNull(bucket);
    }

    public RenderRequest(ThumbnailSpec spec, FormatBucket bucket) {
        this(spec, spec.fingerprint().hex(), bucket);
    }

    /** Whether the output format depends on {@code Accept} (then responses carry {@code Vary: Accept}). */
    public boolean negotiated() {
        return spec.format() == OutputFormat.AUTO;
    }

    /** The format part of the cache key: the explicit format, or {@code auto-<bucket>}. */
    public String formatChoice() {
        return negotiated() ? bucket.autoToken() : spec.format().token();
    }
}
