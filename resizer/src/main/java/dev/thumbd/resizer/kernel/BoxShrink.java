package dev.thumbd.resizer.kernel;

import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.Scratch;

/**
 * Integer block averaging: the cheap first part of a large reduction, as libvips' {@code shrinkh}/{@code shrinkv}.
 *
 * <p>The factor per axis follows {@code vips_resize}: {@code floor(factor / gap)} with gap 2, so the kernel reduce
 * that follows always has at least a 2x reduction left to anti-alias (a box filter alone aliases). Output sides are
 * {@code ceil(in / f)}; a partial block at the right or bottom edge averages the pixels it has. Sums are exact
 * integers; the average rounds half up.
 */
public final class BoxShrink {

    /** libvips' default gap between the integer shrink and the target. */
    public static final double GAP = 2.0;

    private BoxShrink() {
    }

    /** The integer shrink for one axis going from {@code in} to {@code out} pixels (1 = none). */
    public static int factor(double in, int out, Kernel kernel) {
        if (kernel == Kernel.NEAREST || out >= in) {
            return 1;
        }
        return Math.max(1, (int) Math.floor(in / out / GAP));
    }

    /** Adds {@code len} unsigned bytes of {@code in} from {@code offset} to {@code sums[0..len)}. */
    @FunctionalInterface
    interface RowSummer {
        void add(byte[] in, int offset, int[] sums, int len);
    }

    /** The scalar row summer; the vector twin supplies its own. */
    static final RowSummer SCALAR_SUMMER = (in, offset, sums, len) -> {
        for (int i = 0; i < len; i++) {
            sums[i] += in[offset + i] & 0xFF;
        }
    };

    /**
     * {@code ceil(2^32 / n)}: {@code (x * reciprocal(n)) >>> 32 == x / n} for every {@code x} with {@code x * n <
     * 2^32}, which block sums of bytes always satisfy, so the per-pixel division becomes a multiply.
     */
    static long reciprocal(int n) {
        return ((1L << 32) + n - 1) / n;
    }

    /** Averages {@code fx x fy} blocks into {@link Scratch.Slot#SHRUNK}. */
    public static PixelBuffer shrink(PixelBuffer src, int fx, int fy, Scratch scratch) {
        return shrink(src, fx, fy, scratch, SCALAR_SUMMER);
    }

    static PixelBuffer shrink(PixelBuffer src, int fx, int fy, Scratch scratch, RowSummer summer) {
        int c = src.channels();
        int inW = src.width();
        int inH = src.height();
        int outW = (inW + fx - 1) / fx;
        int outH = (inH + fy - 1) / fy;
        byte[] in = src.data();
        byte[] out = scratch.bytes(Scratch.Slot.SHRUNK, outW * outH * c);
        int rowLen = inW * c;
        int[] sums = scratch.ints(Scratch.Slot.KERNEL_OFFSETS, rowLen);
        for (int oy = 0; oy < outH; oy++) {
            int y0 = oy * fy;
            int rows = Math.min(fy, inH - y0);
            java.util.Arrays.fill(sums, 0, rowLen, 0);
            for (int y = y0; y < y0 + rows; y++) {
                summer.add(in, y * rowLen, sums, rowLen);
            }
            int dst = oy * outW * c;
            int full = inW / fx;
            int n = fx * rows;
            int half = n / 2;
            long recip = reciprocal(n);
            for (int ox = 0; ox < full; ox++) {
                int base = ox * fx * c;
                for (int ch = 0; ch < c; ch++) {
                    int s = 0;
                    for (int k = 0, i = base + ch; k < fx; k++, i += c) {
                        s += sums[i];
                    }
                    out[dst + ox * c + ch] = (byte) (((s + half) * recip) >>> 32);
                }
            }
            if (full < outW) {
                int cols = inW - full * fx;
                int m = cols * rows;
                for (int ch = 0; ch < c; ch++) {
                    int s = 0;
                    for (int x = full * fx; x < inW; x++) {
                        s += sums[x * c + ch];
                    }
                    out[dst + full * c + ch] = (byte) ((s + m / 2) / m);
                }
            }
        }
        return new PixelBuffer(out, outW, outH, src.format());
    }
}
