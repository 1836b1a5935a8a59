package dev.thumbd.resizer.probe;

import dev.thumbd.spec.ImageFormat;
import org.jspecify.annotations.Nullable;

/**
 * What the header of an encoded image says, read without decoding pixels.
 *
 * @param format      the format, by magic bytes
 * @param width       stored width (before orientation)
 * @param height      stored height (before orientation)
 * @param orientation EXIF orientation 1..8 (1 when absent); for AVIF, irot/imir mapped to the same numbers
 * @param alpha       whether the image has an alpha channel (or PNG tRNS transparency)
 * @param frames      number of frames (1 for stills)
 * @param bitDepth    bits per channel of the stored samples
 * @param cmyk        whether the samples are CMYK or YCCK (JPEG)
 * @param iccProfile  the embedded ICC profile, or null
 * @param framePixels the largest frame, tile or item the file declares anywhere, in pixels (a GIF frame may be
 *                    larger than its logical screen; an AVIF holds tiles, alpha and hidden items): what a decoder may
 *                    have to allocate whatever {@code width x height} says, checked against the limits like them
 * @param progressive whether a decoder keeps the coefficients of the whole image (progressive JPEG: about 2 bytes
 *                    per sample at full size whatever the shrink-on-load)
 * @param grey        whether the decoder makes a grey image (a one-component JPEG, a grey PNG): the WebP and AVIF
 *                    encoders then widen it to RGB(A), a copy the estimate counts
 */
public record ImageHeader(
        ImageFormat format,
        int width,
        int height,
        int orientation,
        boolean alpha,
        int frames,
        int bitDepth,
        boolean cmyk,
        byte @Nullable [] iccProfile,
        long framePixels,
        boolean progressive,
        boolean grey) {

    /**
     * Largest embedded ICC profile used (1 MiB): real profiles are a few kilobytes, a large printer profile some
     * hundreds; a file carrying more has it ignored (colour is then read as sRGB), so that a profile can never be the
     * tens of megabytes a source may weigh, copied and parsed on the heap for a thumbnail.
     */
    public static final int MAX_ICC_BYTES = 1 << 20;

    public ImageHeader {
        framePixels = Math.max(framePixels, (long) width * height);
        if (iccProfile != null && iccProfile.length > MAX_ICC_BYTES) {
            iccProfile = null;
        }
    }

    /** A header whose only frame is the image itself, not progressive. */
    public ImageHeader(ImageFormat format, int width, int height, int orientation, boolean alpha, int frames,
            int bitDepth, boolean cmyk, byte @Nullable [] iccProfile) {
        this(format, width, height, orientation, alpha, frames, bitDepth, cmyk, iccProfile, 0, false, false);
    }

    /** A colour (not grey) image. */
    public ImageHeader(ImageFormat format, int width, int height, int orientation, boolean alpha, int frames,
            int bitDepth, boolean cmyk, byte @Nullable [] iccProfile, long framePixels, boolean progressive) {
        this(format, width, height, orientation, alpha, frames, bitDepth, cmyk, iccProfile, framePixels, progressive,
                false);
    }

    /** Whether orientation swaps width and height (EXIF 5..8). */
    public boolean transposed() {
        return orientation >= 5 && orientation <= 8;
    }

    /** Width as displayed, after orientation. */
    public int orientedWidth() {
        return transposed() ? height : width;
    }

    /** Height as displayed, after orientation. */
    public int orientedHeight() {
        return transposed() ? width : height;
    }

    /** Stored pixel count, computed in 64 bits (65536 x 65536 must not overflow). */
    public long pixels() {
        return (long) width * height;
    }

    /** Whether the image is animated (more than one frame). */
    public boolean animated() {
        return frames > 1;
    }
}
