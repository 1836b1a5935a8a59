package dev.thumbd.resizer.codec;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.spec.ImageFormat;

/**
 * Turns the encoded bytes of one format into pixels. Implementations are stateless and thread-safe; all working
 * memory comes from the caller's {@link Scratch}.
 */
public interface Decoder {

    /** The format this decoder reads. */
    ImageFormat format();

    /** Who does the work, with the library version, for the startup log: {@code "libturbojpeg 2.1.5 (FFM)"}. */
    String implementation();

    /** Whether a native library does the work (as opposed to a pure-Java fallback). */
    boolean isNative();

    /**
     * Decodes the first frame. Where the format allows it (JPEG DCT scaling, WebP scaled decode), the decoder
     * shrinks on load by the largest factor it supports that is at most {@code shrink}; the size of the result
     * says which factor was applied. Orientation is not applied. Pixels land in {@link Scratch.Slot#DECODED}.
     *
     * @param source the whole encoded file
     * @param shrink the largest acceptable integer shrink factor, 1 for full size
     * @throws ProblemException {@code CORRUPT_IMAGE} for broken or truncated data (strict: a decoder warning is an
     *                          error), never a raw native error code
     */
    PixelBuffer decode(byte[] source, int shrink, Scratch scratch);

    /**
     * How a shrunk decode maps onto the source: {@code true} (JPEG DCT scaling) when a side of {@code s} pixels
     * becomes {@code ceil(s / n)} pixels whose last one covers a partial block, so the content spans {@code s / n};
     * {@code false} when the decoder rescales the whole picture to fill its output.
     */
    default boolean shrinksByBlocks() {
        return true;
    }

    /**
     * The factor {@link #decode} shrinks by when allowed {@code shrink}: the decoded size is {@code ceil(side / n)}.
     * Decoders without shrink-on-load return 1, which is what the memory estimate of a render relies on.
     */
    default int loadShrink(int shrink) {
        return 1;
    }
}
