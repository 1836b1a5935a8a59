package dev.thumbd.resizer.filter;

import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.resizer.kernel.Resampler;

/**
 * Unsharp mask: {@code out = in + AMOUNT * (in - blur(in, sigma))}, clamped to 0..255, on every channel but alpha.
 * The amount is fixed at {@value #AMOUNT} (a moderate, common default; ImageMagick's {@code -unsharp} uses 1.0 as
 * its default gain too), so the one URL parameter, {@code sharpen=sigma}, picks the size of detail that is lifted.
 */
public final class Sharpen {

    /** Gain applied to the high-pass detail. */
    public static final double AMOUNT = 1.0;

    private Sharpen() {
    }

    /** Sharpened {@code image} in {@link Scratch.Slot#FILTERED}. Straight alpha is left as it is. */
    public static PixelBuffer apply(PixelBuffer image, double sigma, Resampler resampler, Scratch scratch) {
        PixelBuffer blurred = resampler.blur(image, sigma, scratch);
        byte[] in = image.data();
        byte[] out = blurred.data();
        int c = image.channels();
        boolean alpha = image.format().hasAlpha();
        int n = image.byteLength();
        for (int i = 0; i < n; i++) {
            if (alpha && i % c == c - 1) {
                out[i] = in[i];
                continue;
            }
            int v = in[i] & 0xFF;
            long s = Math.round(v + AMOUNT * (v - (out[i] & 0xFF)));
            out[i] = (byte) Math.clamp(s, 0, 255);
        }
        return blurred;
    }
}
