package dev.thumbd.resizer.kernel;

import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.Scratch;

/**
 * The shared driver of both resampler twins: box shrink, then the kernel reduce as two passes that are both
 * "vertical" in memory, with the hot loops left to the twins.
 *
 * <p>Design note. A vertical pass ({@code out[row][i] = sum_k w[row][k] * in[start[row] + k][i]}) walks whole rows,
 * so it vectorises along the row regardless of the channel count. The horizontal pass does not: its taps are
 * neighbouring pixels with interleaved channels. So the vertical result is transposed (pixel-wise: row y, pixel x
 * becomes row x, pixel y), the horizontal reduce runs as a second vertical pass, and the result is transposed back
 * while it is rounded to bytes. The transposes are plain copies over the small, already-reduced plane; the passes
 * are where the work is. Both twins run exactly this sequence with the same arithmetic order (one fused
 * multiply-add per tap, accumulated from zero in tap order), so their results agree to the bit.
 *
 * <p>Passes read: bytes from the (box-shrunk) source, floats in {@link Scratch.Slot#KERNEL_PLANE} (vertical result)
 * and {@link Scratch.Slot#KERNEL_PLANE_2} (transposed, then horizontal result), bytes out in
 * {@link Scratch.Slot#RESIZED}.
 */
abstract class SeparableResampler implements Resampler {

    /** {@code out[r][i] = sum_k w[r*taps+k] * (in[(start[r]+k)*rowLen + i] & 0xFF)} for r < rows, i < rowLen. */
    abstract void reduceBytes(byte[] in, int rowLen, Weights w, int rows, float[] out);

    /** {@code out[r][i] = sum_k w[r*taps+k] * in[(start[r]+k)*rowLen + i]} for r < rows, i < rowLen. */
    abstract void reduceFloats(float[] in, int rowLen, Weights w, int rows, float[] out);

    /** How the box shrink adds a row of bytes to its sums; the vector twin overrides it. */
    BoxShrink.RowSummer rowSummer() {
        return BoxShrink.SCALAR_SUMMER;
    }

    @Override
    public final PixelBuffer resize(PixelBuffer source, double extentWidth, double extentHeight, int width,
            int height, Kernel kernel, Scratch scratch) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("target must be at least 1x1, was " + width + "x" + height);
        }
        if (!(extentWidth > source.width() - 1 && extentWidth <= source.width()
                && extentHeight > source.height() - 1 && extentHeight <= source.height())) {
            throw new IllegalArgumentException("extent " + extentWidth + "x" + extentHeight + " does not fit " + source);
        }
        if (width == source.width() && height == source.height()) {
            return source;
        }
        int fx = BoxShrink.factor(extentWidth, width, kernel);
        int fy = BoxShrink.factor(extentHeight, height, kernel);
        PixelBuffer src = fx == 1 && fy == 1 ? source : BoxShrink.shrink(source, fx, fy, scratch, rowSummer());
        double extentW = extentWidth / fx;
        double extentH = extentHeight / fy;
        if (width == src.width() && height == src.height()) {
            return copyTo(src, scratch);
        }
        int c = src.channels();
        int inW = src.width();
        int inH = src.height();
        byte[] out = scratch.bytes(Scratch.Slot.RESIZED, width * height * c);
        Weights wh = width == inW ? null : Weights.compute(inW, extentW / width, 0, width, kernel, scratch,
                Scratch.Slot.KERNEL_OFFSETS_2, Scratch.Slot.KERNEL_WEIGHTS_2);
        int band = bandRows(inW, c);
        for (int first = 0; first < height; first += band) {
            int rows = Math.min(band, height - first);
            float[] t;
            if (height == inH) {
                t = transposeBytes(src, first, rows, scratch);
            } else {
                Weights wv = Weights.compute(inH, extentH / height, first, rows, kernel, scratch,
                        Scratch.Slot.KERNEL_OFFSETS, Scratch.Slot.KERNEL_WEIGHTS);
                float[] v = scratch.floats(Scratch.Slot.KERNEL_PLANE, rows * inW * c);
                reduceBytes(src.data(), inW * c, wv, rows, v);
                if (wh == null) {
                    round(v, rows * width * c, out, first * width * c);
                    continue;
                }
                t = transposeFloats(v, rows, inW, c, scratch);
            }
            float[] h = scratch.floats(Scratch.Slot.KERNEL_PLANE, width * rows * c);
            reduceFloats(t, rows * c, java.util.Objects.requireNonNull(wh), width, h);
            roundTransposed(h, width, rows, c, out, first);
        }
        return new PixelBuffer(out, width, height, src.format());
    }

    /**
     * Output rows resized together: bands of about {@link #BAND_FLOATS} floats of the widest plane, so the float
     * planes of a resize stay a few megabytes whatever the image size (the whole-image planes of a 24 MP photo were
     * over 100 MB). Every output row depends only on its own window of source rows, so a band gives exactly the
     * bytes the whole image would.
     */
    static int bandRows(int inW, int channels) {
        return Math.max(1, BAND_FLOATS / (inW * channels));
    }

    /** Floats in one band's widest plane: 1 Mi floats, 4 MiB. */
    static final int BAND_FLOATS = 1 << 20;

    @Override
    public final PixelBuffer blur(PixelBuffer source, double sigma, Scratch scratch) {
        if (!(sigma > 0)) {
            throw new IllegalArgumentException("sigma must be > 0 but was " + sigma);
        }
        int c = source.channels();
        int w = source.width();
        int h = source.height();
        Weights wv = Weights.gaussian(h, sigma, scratch);
        float[] v = scratch.floats(Scratch.Slot.KERNEL_PLANE, h * w * c);
        reduceBytes(source.data(), w * c, wv, h, v);
        float[] t = transposeFloats(v, h, w, c, scratch);
        Weights wh = Weights.gaussian(w, sigma, scratch);
        float[] hz = scratch.floats(Scratch.Slot.KERNEL_PLANE, w * h * c);
        reduceFloats(t, h * c, wh, w, hz);
        byte[] out = scratch.bytes(Scratch.Slot.FILTERED, w * h * c);
        roundTransposed(hz, w, h, c, out);
        return new PixelBuffer(out, w, h, source.format());
    }

    /** Rows {@code [first, first + rows)} of {@code src} transposed pixel-wise into floats: {@code t[x][y*c + ch]}. */
    private static float[] transposeBytes(PixelBuffer src, int first, int rows, Scratch scratch) {
        int w = src.width();
        int c = src.channels();
        byte[] d = src.data();
        float[] t = scratch.floats(Scratch.Slot.KERNEL_PLANE_2, w * rows * c);
        for (int y = 0; y < rows; y++) {
            int row = (first + y) * w * c;
            for (int x = 0; x < w; x++) {
                int to = (x * rows + y) * c;
                int from = row + x * c;
                for (int ch = 0; ch < c; ch++) {
                    t[to + ch] = d[from + ch] & 0xFF;
                }
            }
        }
        return t;
    }

    /** {@code v} (h rows of w pixels) transposed pixel-wise into {@link Scratch.Slot#KERNEL_PLANE_2}. */
    private static float[] transposeFloats(float[] v, int h, int w, int c, Scratch scratch) {
        float[] t = scratch.floats(Scratch.Slot.KERNEL_PLANE_2, w * h * c);
        for (int y = 0; y < h; y++) {
            int row = y * w * c;
            for (int x = 0; x < w; x++) {
                int to = (x * h + y) * c;
                int from = row + x * c;
                for (int ch = 0; ch < c; ch++) {
                    t[to + ch] = v[from + ch];
                }
            }
        }
        return t;
    }

    /** {@code h} (width rows of height pixels) transposed back and rounded into {@code out}. */
    private static void roundTransposed(float[] h, int width, int height, int c, byte[] out) {
        roundTransposed(h, width, height, c, out, 0);
    }

    /** {@code h} (width rows of {@code rows} pixels) transposed back and rounded into rows from {@code first}. */
    private static void roundTransposed(float[] h, int width, int rows, int c, byte[] out, int first) {
        for (int x = 0; x < width; x++) {
            int row = x * rows * c;
            for (int y = 0; y < rows; y++) {
                int from = row + y * c;
                int to = ((first + y) * width + x) * c;
                for (int ch = 0; ch < c; ch++) {
                    out[to + ch] = toByte(h[from + ch]);
                }
            }
        }
    }

    private static void round(float[] v, int n, byte[] out, int at) {
        for (int i = 0; i < n; i++) {
            out[at + i] = toByte(v[i]);
        }
    }

    /** Round half up and clamp to 0..255 (Lanczos rings below 0 and above 255 near hard edges). */
    static byte toByte(float v) {
        if (v <= 0f) {
            return 0;
        }
        if (v >= 255f) {
            return (byte) 255;
        }
        return (byte) (int) (v + 0.5f);
    }

    private static PixelBuffer copyTo(PixelBuffer src, Scratch scratch) {
        byte[] out = scratch.bytes(Scratch.Slot.RESIZED, src.byteLength());
        System.arraycopy(src.data(), 0, out, 0, src.byteLength());
        return new PixelBuffer(out, src.width(), src.height(), src.format());
    }
}
