package dev.thumbd.resizer.transform;

import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.Region;

/**
 * Finds the part of an image inside a uniform border, as libvips' {@code find_trim} does with the top-left pixel as
 * the background: the border is every outer row and column whose pixels all lie within {@code threshold} of the
 * top-left pixel on every channel (alpha included). An image that is all border is kept whole.
 */
public final class Trim {

    private Trim() {
    }

    /** The rectangle of {@code image} left once its border is trimmed; the whole image when nothing differs. */
    public static Region find(PixelBuffer image, int threshold) {
        int w = image.width();
        int h = image.height();
        int c = image.channels();
        byte[] d = image.data();
        int[] bg = new int[c];
        for (int k = 0; k < c; k++) {
            bg[k] = d[k] & 0xff;
        }
        int top = 0;
        while (top < h && rowIsBorder(d, w, c, top, 0, w, bg, threshold)) {
            top++;
        }
        if (top == h) {
            return new Region(0, 0, w, h);
        }
        int bottom = h - 1;
        while (bottom > top && rowIsBorder(d, w, c, bottom, 0, w, bg, threshold)) {
            bottom--;
        }
        int left = 0;
        while (left < w && columnIsBorder(d, w, c, left, top, bottom, bg, threshold)) {
            left++;
        }
        int right = w - 1;
        while (right > left && columnIsBorder(d, w, c, right, top, bottom, bg, threshold)) {
            right--;
        }
        return new Region(left, top, right - left + 1, bottom - top + 1);
    }

    private static boolean rowIsBorder(byte[] d, int w, int c, int y, int x0, int x1, int[] bg, int t) {
        for (int i = (y * w + x0) * c, end = (y * w + x1) * c; i < end; i += c) {
            if (!near(d, i, c, bg, t)) {
                return false;
            }
        }
        return true;
    }

    private static boolean columnIsBorder(byte[] d, int w, int c, int x, int y0, int y1, int[] bg, int t) {
        for (int y = y0; y <= y1; y++) {
            if (!near(d, (y * w + x) * c, c, bg, t)) {
                return false;
            }
        }
        return true;
    }

    private static boolean near(byte[] d, int i, int c, int[] bg, int t) {
        for (int k = 0; k < c; k++) {
            if (Math.abs((d[i + k] & 0xff) - bg[k]) > t) {
                return false;
            }
        }
        return true;
    }
}
