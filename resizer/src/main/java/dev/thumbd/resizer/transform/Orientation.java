package dev.thumbd.resizer.transform;

import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.Region;
import dev.thumbd.resizer.image.Scratch;

/**
 * Applies an EXIF orientation (1..8) so the image is displayed upright: 2 mirror left-right, 3 rotate 180,
 * 4 mirror top-bottom, 5 transpose (mirror along the main diagonal), 6 rotate 90 clockwise, 7 transverse (mirror
 * along the anti-diagonal), 8 rotate 90 anticlockwise. AVIF irot/imir are mapped onto the same numbers by the probe.
 *
 * <p>The eight orientations are the eight ways to turn a rectangle (rotations by quarter turns, each with or without
 * a mirror), so two in a row are again one of them ({@link #compose}); a request's {@code rotate} and {@code flop}
 * are mapped onto the same numbers ({@link #ofTurn}) and applied with the EXIF orientation in the one pass.
 *
 * <p>Each case is one pass that reads the source row by row and computes where each pixel lands; the 90-degree
 * cases write with a stride (the image is small after shrink-on-load, so that costs little).
 */
public final class Orientation {

    /** {@code COMPOSED[a][b]}: the orientation that does what {@code a} then {@code b} do. */
    private static final int[][] COMPOSED = new int[9][9];

    static {
        // Found by mapping the pixels of a 3x2 grid (every orientation moves them differently) through both.
        for (int a = 1; a <= 8; a++) {
            for (int b = 1; b <= 8; b++) {
                for (int c = 1; c <= 8 && COMPOSED[a][b] == 0; c++) {
                    if (sameOnGrid(a, b, c)) {
                        COMPOSED[a][b] = c;
                    }
                }
            }
        }
    }

    private Orientation() {
    }

    /** Whether orientation 1..8 swaps width and height. */
    public static boolean transposes(int orientation) {
        return orientation >= 5;
    }

    /** The orientation that does what {@code first} does and then what {@code then} does. */
    public static int compose(int first, int then) {
        return COMPOSED[check(first)][check(then)];
    }

    /** The orientation that undoes {@code orientation}. */
    public static int inverse(int orientation) {
        for (int i = 1; i <= 8; i++) {
            if (compose(orientation, i) == 1) {
                return i;
            }
        }
        throw new IllegalStateException("no inverse of " + orientation);
    }

    /**
     * A request's turn as an orientation: {@code rotate} degrees clockwise (0, 90, 180, 270), then a mirror
     * left-right when {@code flop}.
     */
    public static int ofTurn(int rotate, boolean flop) {
        int r = switch (rotate) {
            case 0 -> 1;
            case 90 -> 6;
            case 180 -> 3;
            case 270 -> 8;
            default -> throw new IllegalArgumentException("rotate must be 0, 90, 180 or 270 but was " + rotate);
        };
        return flop ? compose(r, 2) : r;
    }

    /**
     * Where {@code region} of a {@code width x height} image lies once the image is turned by {@code orientation}.
     */
    public static Region map(int orientation, int width, int height, Region region) {
        int[] a = point(orientation, width, height, region.x(), region.y());
        int[] b = point(orientation, width, height, region.x() + region.width() - 1,
                region.y() + region.height() - 1);
        int x0 = Math.min(a[0], b[0]);
        int y0 = Math.min(a[1], b[1]);
        return new Region(x0, y0, Math.max(a[0], b[0]) - x0 + 1, Math.max(a[1], b[1]) - y0 + 1);
    }

    /** Where pixel {@code (x, y)} of a {@code w x h} image lands under {@code orientation}: {@code {tx, ty}}. */
    static int[] point(int orientation, int w, int h, int x, int y) {
        return switch (orientation) {
            case 1 -> new int[] {x, y};
            case 2 -> new int[] {w - 1 - x, y};
            case 3 -> new int[] {w - 1 - x, h - 1 - y};
            case 4 -> new int[] {x, h - 1 - y};
            case 5 -> new int[] {y, x};
            case 6 -> new int[] {h - 1 - y, x};
            case 7 -> new int[] {h - 1 - y, w - 1 - x};
            case 8 -> new int[] {y, w - 1 - x};
            default -> throw new IllegalArgumentException("EXIF orientation must be 1..8 but was " + orientation);
        };
    }

    private static boolean sameOnGrid(int a, int b, int c) {
        int w = 3;
        int h = 2;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int[] p = point(a, w, h, x, y);
                int[] q = transposes(a) ? point(b, h, w, p[0], p[1]) : point(b, w, h, p[0], p[1]);
                int[] r = point(c, w, h, x, y);
                if (q[0] != r[0] || q[1] != r[1]) {
                    return false;
                }
            }
        }
        return true;
    }

    private static int check(int orientation) {
        if (orientation < 1 || orientation > 8) {
            throw new IllegalArgumentException("EXIF orientation must be 1..8 but was " + orientation);
        }
        return orientation;
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
