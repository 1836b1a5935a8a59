package dev.thumbd.resizer.placeholder;

import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;

/**
 * The image {@code fmt=lqip} answers: a placeholder's ThumbHash drawn ({@link ThumbHash#decode}) at most
 * {@value #MAX_SIDE} pixels on its longer side, at the exact aspect ratio of the image the placeholder was made from
 * (the hash alone knows it only roughly). What a client would draw from the ThumbHash text, made once on the server
 * so that a plain {@code <img src>} or CSS {@code background-image} shows it; a browser scales it up smoothly.
 */
public final class Lqip {

    /** The longer side of the drawing, as the reference decoder's. */
    public static final int MAX_SIDE = 32;

    private Lqip() {
    }

    /** The drawing of {@code p}: RGB when every pixel is opaque, else RGBA (straight alpha). */
    public static PixelBuffer draw(Placeholder p) {
        int longer = Math.max(p.width(), p.height());
        int side = Math.min(MAX_SIDE, longer);
        int w = (int) Math.max(1, Math.round((double) p.width() * side / longer));
        int h = (int) Math.max(1, Math.round((double) p.height() * side / longer));
        byte[] rgba = ThumbHash.decode(p.thumbHash(), w, h);
        for (int i = 3; i < rgba.length; i += 4) {
            if (rgba[i] != (byte) 255) {
                return new PixelBuffer(rgba, w, h, PixelFormat.RGBA);
            }
        }
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
            rgb[i] = rgba[j];
            rgb[i + 1] = rgba[j + 1];
            rgb[i + 2] = rgba[j + 2];
        }
        return new PixelBuffer(rgb, w, h, PixelFormat.RGB);
    }
}
