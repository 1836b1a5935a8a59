package dev.thumbd.resizer.transform;

import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.Scratch;

/**
 * Applies an EXIF orientation (1..8) so the image is displayed upright: 2 mirror left-right, 3 rotate 180,
 * 4 mirror top-bottom, 5 transpose (mirror along the main diagonal), 6 rotate 90 clockwise, 7 transverse (mirror
 * along the anti-diagonal), 8 rotate 90 anticlockwise. AVIF irot/imir are mapped onto the same numbers by the probe.
 *
 * <p>Each case is one pass that reads the source row by row and computes where each pixel lands; the 90-degree
 * cases write with a stride (the image is small after shrink-on-load, so that costs little).
 */
public final class Orientation {

    private Orientation() {
    }

    /** {@code image} upright, in {@link Scratch.Slot#ORIENTED}, or {@code image} itself for orientation 1. */
    public static PixelBuffer apply(PixelBuffer image, int orientation, Scratch scratch) {
        if (orientation < 1 || orientation > 8) {
            throw new IllegalArgumentException("EXIF orientation must be 1..8 but was " + orientation);
        }
        if (orientation == 1) {
            return image;
        }
        int w = image.width();
        int h = image.height();
        boolean swap = orientation >= 5;
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        int c = image.channels();
        byte[] src = image.data();
        byte[] dst = scratch.bytes(Scratch.Slot.ORIENTED, w * h * c);
        for (int y = 0; y < h; y++) {
            int row = y * w * c;
            for (int x = 0; x < w; x++) {
                int tx;
                int ty;
                switch (orientation) {
                    case 2 -> { tx = w - 1 - x; ty = y; }
                    case 3 -> { tx = w - 1 - x; ty = h - 1 - y; }
                    case 4 -> { tx = x; ty = h - 1 - y; }
                    case 5 -> { tx = y; ty = x; }
                    case 6 -> { tx = h - 1 - y; ty = x; }
                    case 7 -> { tx = h - 1 - y; ty = w - 1 - x; }
                    default -> { tx = y; ty = w - 1 - x; }
                }
                System.arraycopy(src, row + x * c, dst, (ty * ow + tx) * c, c);
            }
        }
        return new PixelBuffer(dst, ow, oh, image.format());
    }
}
