package dev.thumbd.resizer.transform;

import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.kernel.Premultiply;

/**
 * An overlay ready to be blended over images of one channel layout: its premultiplied colour and its alpha, both
 * times the opacity, laid out byte for byte like the destination's pixels ({@code channels} 3 for RGB, 4 for RGBA,
 * where the alpha byte's colour is the overlay's alpha), so that {@link dev.thumbd.resizer.kernel.OverBlend} runs
 * over plain runs of bytes. Made once per render and reused for every frame of an animation.
 *
 * @param colour   premultiplied overlay channel times the opacity, {@code width * height * channels}
 * @param cover    overlay alpha times the opacity, repeated for every channel of a pixel
 * @param width    overlay width in pixels
 * @param height   overlay height in pixels
 * @param channels the destination's channels, 3 or 4
 */
public record OverlayPlane(byte[] colour, byte[] cover, int width, int height, int channels) {

    /**
     * @param premultiplied RGBA, premultiplied, at the size it is laid over the image
     * @param opacity       0..1
     * @param layout        {@link PixelFormat#RGB} or {@link PixelFormat#RGBA}
     */
    public static OverlayPlane of(PixelBuffer premultiplied, double opacity, PixelFormat layout) {
        if (premultiplied.format() != PixelFormat.RGBA) {
            throw new IllegalArgumentException("an overlay is RGBA, not " + premultiplied.format());
        }
        int c = layout.channels();
        if (layout != PixelFormat.RGB && layout != PixelFormat.RGBA) {
            throw new IllegalArgumentException("overlays are laid over RGB or RGBA, not " + layout);
        }
        int op = (int) Math.round(opacity * 255);
        int n = premultiplied.width() * premultiplied.height();
        byte[] colour = new byte[n * c];
        byte[] cover = new byte[n * c];
        byte[] s = premultiplied.data();
        for (int p = 0; p < n; p++) {
            int a = Premultiply.div255((s[p * 4 + 3] & 0xFF) * op);
            for (int ch = 0; ch < 3; ch++) {
                colour[p * c + ch] = (byte) Math.min(a, Premultiply.div255((s[p * 4 + ch] & 0xFF) * op));
                cover[p * c + ch] = (byte) a;
            }
            if (c == 4) {
                colour[p * c + 3] = (byte) a;
                cover[p * c + 3] = (byte) a;
            }
        }
        return new OverlayPlane(colour, cover, premultiplied.width(), premultiplied.height(), c);
    }

    /** Bytes this plane holds. */
    public long bytes() {
        return 2L * colour.length;
    }
}
