package dev.thumbd.resizer.transform;

import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.resizer.image.Region;
import dev.thumbd.spec.Rgba;

/**
 * The last geometric step: cuts the crop out of the resized image, places it on the canvas (padding with the
 * background), and flattens alpha onto the background when the output format has none, all in one pass.
 *
 * <p>The output layout is the smallest that represents the result: grey stays grey unless a coloured background
 * shows; alpha is kept only if the output format carries it and the image or the padding is not opaque.
 * Flattening composites straight alpha: {@code out = (src * a + bg * (255 - a)) / 255}, rounded.
 */
public final class Frame {

    private Frame() {
    }

    /**
     * @param source     the resized image (straight alpha)
     * @param crop       the part of {@code source} to keep
     * @param canvasW    output width, at least {@code crop.width() + offsetX}
     * @param canvasH    output height, at least {@code crop.height() + offsetY}
     * @param offsetX    where the crop lands on the canvas
     * @param offsetY    where the crop lands on the canvas
     * @param background padding colour, and the colour alpha is flattened onto
     * @param keepAlpha  whether the output format carries alpha
     * @return {@code source} itself when nothing changes, else a buffer in {@link Scratch.Slot#FINISHED}
     */
    public static PixelBuffer apply(PixelBuffer source, Region crop, int canvasW, int canvasH, int offsetX,
            int offsetY, Rgba background, boolean keepAlpha, Scratch scratch) {
        boolean pads = canvasW != crop.width() || canvasH != crop.height();
        boolean crops = !crop.covers(source.width(), source.height());
        PixelFormat in = source.format();
        PixelFormat out = outputFormat(in, pads, background, keepAlpha);
        if (!pads && !crops && out == in) {
            return source;
        }
        byte[] dst = scratch.bytes(Scratch.Slot.FINISHED, canvasW * canvasH * out.channels());
        PixelBuffer result = new PixelBuffer(dst, canvasW, canvasH, out);
        if (pads) {
            fill(result, background);
        }
        if (out == in) {
            copyRows(source, crop, result, offsetX, offsetY);
        } else {
            convertRows(source, crop, result, offsetX, offsetY, background);
        }
        return result;
    }

    private static PixelFormat outputFormat(PixelFormat in, boolean pads, Rgba bg, boolean keepAlpha) {
        boolean colour = in == PixelFormat.RGB || in == PixelFormat.RGBA || (pads && !(bg.r() == bg.g() && bg.g() == bg.b()));
        boolean alpha = keepAlpha && (in.hasAlpha() || (pads && !bg.opaque()));
        if (colour) {
            return alpha ? PixelFormat.RGBA : PixelFormat.RGB;
        }
        return alpha ? PixelFormat.GRAY_ALPHA : PixelFormat.GRAY;
    }

    private static void fill(PixelBuffer img, Rgba bg) {
        byte[] px = pixel(img.format(), bg);
        byte[] d = img.data();
        int n = img.byteLength();
        int c = px.length;
        // Fill one row, then double the filled prefix: arraycopy does the bulk.
        int row = Math.min(n, img.stride());
        for (int i = 0; i < row; i += c) {
            System.arraycopy(px, 0, d, i, c);
        }
        for (int filled = row; filled < n; filled <<= 1) {
            System.arraycopy(d, 0, d, filled, Math.min(filled, n - filled));
        }
    }

    private static byte[] pixel(PixelFormat f, Rgba bg) {
        int grey = (bg.r() * 299 + bg.g() * 587 + bg.b() * 114 + 500) / 1000;
        return switch (f) {
            case GRAY -> new byte[] {(byte) grey};
            case GRAY_ALPHA -> new byte[] {(byte) grey, (byte) bg.a()};
            case RGB -> new byte[] {(byte) bg.r(), (byte) bg.g(), (byte) bg.b()};
            case RGBA -> new byte[] {(byte) bg.r(), (byte) bg.g(), (byte) bg.b(), (byte) bg.a()};
            case CMYK -> throw new IllegalArgumentException("CMYK is converted before framing");
        };
    }

    private static void copyRows(PixelBuffer src, Region crop, PixelBuffer dst, int ox, int oy) {
        int c = src.channels();
        int len = crop.width() * c;
        for (int y = 0; y < crop.height(); y++) {
            int from = ((crop.y() + y) * src.width() + crop.x()) * c;
            int to = ((oy + y) * dst.width() + ox) * c;
            System.arraycopy(src.data(), from, dst.data(), to, len);
        }
    }

    /** The general path: channel mapping and flattening, pixel by pixel. */
    private static void convertRows(PixelBuffer src, Region crop, PixelBuffer dst, int ox, int oy, Rgba bg) {
        PixelFormat in = src.format();
        PixelFormat out = dst.format();
        int ci = in.channels();
        int co = out.channels();
        boolean inColour = ci >= 3;
        boolean outColour = co >= 3;
        int bgGrey = (bg.r() * 299 + bg.g() * 587 + bg.b() * 114 + 500) / 1000;
        byte[] s = src.data();
        byte[] d = dst.data();
        for (int y = 0; y < crop.height(); y++) {
            int si = ((crop.y() + y) * src.width() + crop.x()) * ci;
            int di = ((oy + y) * dst.width() + ox) * co;
            for (int x = 0; x < crop.width(); x++, si += ci, di += co) {
                int r = s[si] & 0xFF;
                int g = inColour ? s[si + 1] & 0xFF : r;
                int b = inColour ? s[si + 2] & 0xFF : r;
                int a = in.hasAlpha() ? s[si + ci - 1] & 0xFF : 255;
                if (!out.hasAlpha() && a != 255) {
                    r = blend(r, outColour ? bg.r() : bgGrey, a);
                    g = blend(g, bg.g(), a);
                    b = blend(b, bg.b(), a);
                }
                if (outColour) {
                    d[di] = (byte) r;
                    d[di + 1] = (byte) g;
                    d[di + 2] = (byte) b;
                } else {
                    d[di] = (byte) r;
                }
                if (out.hasAlpha()) {
                    d[di + co - 1] = (byte) a;
                }
            }
        }
    }

    private static int blend(int src, int bg, int alpha) {
        return (src * alpha + bg * (255 - alpha) + 127) / 255;
    }
}
