package dev.thumbd.resizer.source;

import java.util.Objects;

/**
 * An original read into memory.
 *
 * @param src     the {@code src} it was read for
 * @param bytes   the encoded file (shared by every request that coalesced on it: never modify)
 * @param version the store's entity tag (or the remote ETag, or a hash of the bytes): changes when the original does
 */
public record SourceImage(String src, byte[] bytes, String version) {
    public SourceImage {
        Objects.requireNonNull(src);
        Objects.requireNonNull(bytes);
        Objects.requireNonNull(version);
    }
}
