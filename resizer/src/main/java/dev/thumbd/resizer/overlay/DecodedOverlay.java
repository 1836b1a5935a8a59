package dev.thumbd.resizer.overlay;

import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import java.util.Objects;

/**
 * An overlay decoded at its own size into premultiplied RGBA, immutable once made (shared by every render that lays it
 * over a thumbnail).
 *
 * @param key     the storage key ({@code wm})
 * @param version the stored object's version (its ETag) when it was read
 * @param pixels  premultiplied RGBA, its own array
 */
public record DecodedOverlay(String key, String version, PixelBuffer pixels) {

    public DecodedOverlay {
        Objects.requireNonNull(key);
        Objects.requireNonNull(version);
        if (pixels.format() != PixelFormat.RGBA) {
            throw new IllegalArgumentException("an overlay is kept as RGBA, not " + pixels.format());
        }
    }

    /** Heap bytes it holds. */
    public long bytes() {
        return pixels.data().length + 64L;
    }
}
