package dev.thumbd.resizer.cache;

import dev.thumbd.spec.ImageFormat;
import java.util.Objects;

/**
 * An encoded thumbnail with what its HTTP response needs.
 *
 * @param data   the encoded bytes (never modified once built)
 * @param format the encoded format
 * @param etag   strong entity tag, quoted, from fingerprint, format and source version
 * @param width  pixel width
 * @param height pixel height
 */
public record Variant(byte[] data, ImageFormat format, String etag, int width, int height) {
    public Variant {
        Objects.requireNonNull(data);
        Objects.requireNonNull(format);
        Objects.requireNonNull(etag);
    }

    /** Bytes charged to a cache for this entry: the data plus a fixed allowance for the object headers. */
    public int weight() {
        return data.length + 128;
    }
}
