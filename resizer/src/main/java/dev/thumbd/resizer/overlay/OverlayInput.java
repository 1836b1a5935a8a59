package dev.thumbd.resizer.overlay;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The overlay a render lays over its thumbnail: already decoded (held from the {@link OverlayCache}, so an eviction
 * meanwhile does not matter), or its stored bytes, decoded by the render (on its worker, priced with it) and then
 * kept in the cache.
 *
 * @param key     {@code wm}
 * @param version the version of the stored object
 * @param decoded the decoded overlay, or null
 * @param encoded the stored bytes when not decoded yet, or null
 */
public record OverlayInput(String key, String version, @Nullable DecodedOverlay decoded, byte @Nullable [] encoded) {

    public OverlayInput {
        Objects.requireNonNull(key);
        Objects.requireNonNull(version);
        if ((decoded == null) == (encoded == null)) {
            throw new IllegalArgumentException("an overlay input is either decoded or encoded");
        }
    }

    public static OverlayInput decoded(DecodedOverlay o) {
        return new OverlayInput(o.key(), o.version(), o, null);
    }

    public static OverlayInput encoded(String key, String version, byte[] bytes) {
        return new OverlayInput(key, version, null, bytes);
    }
}
