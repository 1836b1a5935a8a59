package dev.thumbd.resizer.kernel;

import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.Scratch;

/**
 * Resizes an 8-bit interleaved image to an exact size: an integer box shrink for the bulk of a large factor, then a
 * separable kernel reduce (vertical pass, then horizontal) for the rest, as libvips does. See docs/RESIZE.md.
 *
 * <p>Images with alpha must be premultiplied by the caller; the resampler treats every channel alike.
 * Implementations come in twins ({@link ScalarResampler}, {@link VectorResampler}) that agree within the tolerance
 * stated in docs/RESIZE.md.
 */
public interface Resampler {

    /**
     * Resizes {@code source} to exactly {@code width x height} (either larger or smaller on each axis).
     * The result lands in {@link Scratch.Slot#RESIZED}; when the size is unchanged, {@code source} itself may be
     * returned.
     */
    default PixelBuffer resize(PixelBuffer source, int width, int height, Kernel kernel, Scratch scratch) {
        return resize(source, source.width(), source.height(), width, height, kernel, scratch);
    }

    /**
     * As {@link #resize(PixelBuffer, int, int, Kernel, Scratch)}, for a source whose content spans
     * {@code extentWidth x extentHeight} pixels rather than its whole size: after shrink-on-load by n, a side of
     * {@code s} source pixels decodes to {@code ceil(s / n)} pixels but spans {@code s / n}, and mapping output
     * pixels onto the spanned extent keeps the geometry exact (no stretch by the partial last block).
     *
     * @param extentWidth  in {@code (source.width() - 1, source.width()]}
     * @param extentHeight in {@code (source.height() - 1, source.height()]}
     */
    PixelBuffer resize(PixelBuffer source, double extentWidth, double extentHeight, int width, int height,
            Kernel kernel, Scratch scratch);

    /**
     * A Gaussian blur of {@code sigma} source pixels at the same size (the same separable passes as the resize, with
     * Gaussian weights). The result lands in {@link Scratch.Slot#FILTERED}. Alpha must be premultiplied by the
     * caller, as for {@link #resize}.
     */
    PixelBuffer blur(PixelBuffer source, double sigma, Scratch scratch);

    /** Short name for logs and benchmarks: {@code "scalar"} or {@code "vector-512"}. */
    String name();
}
