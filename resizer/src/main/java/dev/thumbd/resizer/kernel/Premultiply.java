package dev.thumbd.resizer.kernel;

import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.Scratch;

/**
 * Alpha premultiplication around the resize, so transparent pixels do not bleed their (meaningless) colour into
 * their neighbours: {@code c' = round(c * a / 255)} before, {@code c = round(c' * 255 / a)} after (0 where
 * {@code a = 0}). Done on 8-bit values, so colour under very low alpha loses precision (at a = 8, about 5 bits);
 * such pixels are nearly invisible. An image whose alpha is all 255 is left alone (no work, no loss).
 */
public final class Premultiply {

    private Premultiply() {
    }

    /**
     * Premultiplied copy of {@code img} in {@link Scratch.Slot#PREMULTIPLIED}, or {@code img} itself if it has no
     * alpha or is fully opaque.
     */
    public static PixelBuffer premultiply(PixelBuffer img, Scratch scratch) {
        if (!img.format().hasAlpha() || opaque(img)) {
            return img;
        }
        byte[] d = scratch.bytes(Scratch.Slot.PREMULTIPLIED, img.byteLength());
        premultiplyInto(img, d);
        return new PixelBuffer(d, img.width(), img.height(), img.format());
    }

    /**
     * Premultiplies {@code img} in place (no copy: for a decoded image nobody needs straight any more) and returns
     * whether anything was to do ({@code false} for no alpha or fully opaque).
     */
    public static boolean premultiplyInPlace(PixelBuffer img) {
        if (!img.format().hasAlpha() || opaque(img)) {
            return false;
        }
        premultiplyInto(img, img.data());
        return true;
    }

    private static void premultiplyInto(PixelBuffer img, byte[] d) {
        int c = img.channels();
        int n = img.byteLength();
        byte[] s = img.data();
        for (int i = 0; i < n; i += c) {
            int a = s[i + c - 1] & 0xFF;
            for (int ch = 0; ch < c - 1; ch++) {
                d[i + ch] = (byte) div255((s[i + ch] & 0xFF) * a);
            }
            d[i + c - 1] = (byte) a;
        }
    }

    /**
     * {@code round(x / 255)} for {@code 0 <= x <= 255 * 255}, without a division: {@code t = x + 128},
     * {@code (t + (t >> 8)) >> 8}, exact over that range (the identity libraries such as pixman use).
     */
    public static int div255(int x) {
        int t = x + 128;
        return (t + (t >> 8)) >> 8;
    }

    /** Undoes {@link #premultiply} in place. */
    public static void unpremultiply(PixelBuffer img) {
        int c = img.channels();
        int n = img.byteLength();
        byte[] d = img.data();
        for (int i = 0; i < n; i += c) {
            int a = d[i + c - 1] & 0xFF;
            if (a == 255) {
                continue;
            }
            for (int ch = 0; ch < c - 1; ch++) {
                d[i + ch] = a == 0 ? 0 : (byte) Math.min(255, ((d[i + ch] & 0xFF) * 255 + a / 2) / a);
            }
        }
    }

    /** Whether every alpha value is 255. */
    public static boolean opaque(PixelBuffer img) {
        int c = img.channels();
        int n = img.byteLength();
        byte[] d = img.data();
        for (int i = c - 1; i < n; i += c) {
            if (d[i] != (byte) 255) {
                return false;
            }
        }
        return true;
    }
}
