package dev.thumbd.resizer.cache;

import dev.thumbd.spec.ImageFormat;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An encoded thumbnail with what its HTTP response needs.
 *
 * @param data   the encoded bytes (never modified once built)
 * @param format the encoded format
 * @param etag   strong entity tag, quoted, from fingerprint, format and source version
 * @param width  pixel width
 * @param height pixel height
 * @param degraded null for a full-quality thumbnail; for one made under load with cheaper settings, how it was
 *                 cheapened ({@code economy}, {@code capped}): such a variant lives in L1 only, under its own ETag,
 *                 and is served with a short {@code max-age}
 */
public record Variant(byte[] data, ImageFormat format, String etag, int width, int height, @Nullable String degraded) {
    public Variant {
        Objects.requireNonNull(data);
        Objects.requireNonNull(format);
        Objects.requireNonNull(etag);
    }

    /** A full-quality variant. */
    public Variant(byte[] data, ImageFormat format, String etag, int width, int height) {
        this(data, format, etag, width, height, null);
    }

    /** Bytes charged to a cache for this entry: the data plus a fixed allowance for the object headers. */
    public int weight() {
        return data.length + 128;
    }
}
