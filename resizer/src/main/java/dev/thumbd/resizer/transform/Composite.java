package dev.thumbd.resizer.transform;

import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.resizer.kernel.OverBlend;
import dev.thumbd.resizer.kernel.Premultiply;
import dev.thumbd.spec.Watermark;

/**
 * Lays an overlay ({@code wm}) over a finished image: where it goes ({@link #place}) and the blend itself
 * ({@link #apply}), in premultiplied space: the image is premultiplied when it has alpha, the overlay's rows are
 * blended "over" it ({@link OverBlend}) and the result is made straight again. Grey images become RGB(A) first (an
 * overlay has colour). The part of the overlay outside the image is cut off.
 */
public final class Composite {

    private Composite() {
    }

    /** The top-left corner of an overlay of {@code w x h} on a canvas, as {@code wm_gravity}, {@code wm_x/y} say. */
    public static int[] place(int canvasW, int canvasH, int w, int h, Watermark wm) {
        return new int[] {axis(canvasW, w, wm.gravity().anchorX(), wm.x()),
                axis(canvasH, h, wm.gravity().anchorY(), wm.y())};
    }

    /** Offsets move inwards from the edge the gravity names; on a centred axis, right or down. */
    private static int axis(int canvas, int size, double anchor, int offset) {
        if (anchor == 0) {
            return offset;
        }
        if (anchor == 1) {
            return canvas - size - offset;
        }
        return (canvas - size) / 2 + offset;
    }

    /** The layout an image has once an overlay is laid over it: RGB, or RGBA when it has alpha. */
    public static PixelFormat layoutFor(PixelFormat image) {
        return image.hasAlpha() ? PixelFormat.RGBA : PixelFormat.RGB;
    }

    /**
     * {@code plane} blended over a copy of {@code image} (in {@link Scratch.Slot#OVERLAID}) with its top-left corner
     * at {@code (x, y)}; {@code plane} must be in {@link #layoutFor}'s layout.
     */
    public static PixelBuffer apply(PixelBuffer image, OverlayPlane plane, int x, int y, OverBlend blend,
            Scratch scratch) {
        PixelFormat layout = layoutFor(image.format());
        if (plane.channels() != layout.channels()) {
            throw new IllegalArgumentException("overlay plane of " + plane.channels() + " channels over " + layout);
        }
        int w = image.width();
        int h = image.height();
        int c = layout.channels();
        byte[] out = scratch.bytes(Scratch.Slot.OVERLAID, w * h * c);
        copyAs(image, out, c);
        PixelBuffer dst = new PixelBuffer(out, w, h, layout);
        boolean premultiplied = Premultiply.premultiplyInPlace(dst);
        int x0 = Math.max(0, x);
        int x1 = Math.min(w, x + plane.width());
        int y0 = Math.max(0, y);
        int y1 = Math.min(h, y + plane.height());
        if (x0 < x1) {
            int run = (x1 - x0) * c;
            for (int row = y0; row < y1; row++) {
                int src = ((row - y) * plane.width() + (x0 - x)) * c;
                blend.blend(plane.colour(), plane.cover(), src, out, (row * w + x0) * c, run);
            }
        }
        if (premultiplied) {
            Premultiply.unpremultiply(dst);
        }
        return dst;
    }

    /** Copies {@code image} into {@code out} with {@code c} channels (grey widened to RGB, its alpha kept). */
    private static void copyAs(PixelBuffer image, byte[] out, int c) {
        byte[] in = image.data();
        if (image.channels() == c) {
            System.arraycopy(in, 0, out, 0, image.byteLength());
            return;
        }
        int ic = image.channels();
        int n = image.width() * image.height();
        for (int p = 0; p < n; p++) {
            byte g = in[p * ic];
            out[p * c] = g;
            out[p * c + 1] = g;
            out[p * c + 2] = g;
            if (c == 4) {
                out[p * c + 3] = in[p * ic + 1];
            }
        }
    }
}
