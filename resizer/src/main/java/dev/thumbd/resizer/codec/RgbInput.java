package dev.thumbd.resizer.codec;

import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.image.Scratch;

/** Pixels in the RGB or RGBA layout that the WebP and AVIF encoders take. */
public final class RgbInput {

    private RgbInput() {
    }

    /** GRAY and GRAY_ALPHA widened to RGB and RGBA; colour input returned as is. */
    public static PixelBuffer of(PixelBuffer image, Scratch scratch) {
        PixelFormat f = image.format();
        if (f == PixelFormat.RGB || f == PixelFormat.RGBA) {
            return image;
        }
        boolean alpha = f == PixelFormat.GRAY_ALPHA;
        int n = (int) image.pixels();
        int c = alpha ? 4 : 3;
        byte[] out = scratch.bytes(Scratch.Slot.ENCODE_INPUT, n * c);
        byte[] in = image.data();
        for (int i = 0; i < n; i++) {
            byte g = in[alpha ? 2 * i : i];
            out[i * c] = g;
            out[i * c + 1] = g;
            out[i * c + 2] = g;
            if (alpha) {
                out[i * c + 3] = in[2 * i + 1];
            }
        }
        return new PixelBuffer(out, image.width(), image.height(), alpha ? PixelFormat.RGBA : PixelFormat.RGB);
    }
}
