package dev.thumbd.resizer.transform;

import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.Region;

/**
 * Chooses where a fixed-size crop window goes so that it keeps the most interesting part of the image.
 *
 * <p>Design note. "Interesting" is edge energy: the absolute luma gradient summed over the window, the measure
 * libvips' {@code interesting=entropy|attention} and smartcrop.js both build on. Flat sky and blurred backgrounds
 * score low, a subject in focus scores high. A summed-area table makes every window position an O(1) query, so
 * the search is exhaustive over positions (at most one stride per pixel) and costs one pass over the resized
 * image. Ties, and windows within 2% of the best, resolve towards the centre, so an evenly textured image crops
 * like {@code gravity=center}.
 */
public final class SmartCrop {

    private SmartCrop() {
    }

    /** The best {@code width x height} window inside {@code image}. */
    public static Region find(PixelBuffer image, int width, int height) {
        int w = image.width();
        int h = image.height();
        if (width >= w && height >= h) {
            return new Region(0, 0, w, h);
        }
        long[] table = energyTable(image);
        int slackX = w - width;
        int slackY = h - height;
        int step = Math.max(1, Math.max(slackX, slackY) / 256);
        long best = -1;
        int bestX = slackX / 2;
        int bestY = slackY / 2;
        for (int y = 0; y <= slackY; y += step) {
            for (int x = 0; x <= slackX; x += step) {
                long e = sum(table, w + 1, x, y, width, height);
                if (e > best) {
                    best = e;
                    bestX = x;
                    bestY = y;
                }
            }
        }
        long centre = sum(table, w + 1, slackX / 2, slackY / 2, width, height);
        if (centre * 50 >= best * 49) {
            return new Region(slackX / 2, slackY / 2, width, height);
        }
        return new Region(bestX, bestY, width, height);
    }

    /** Summed-area table of |dL/dx| + |dL/dy| over luma, (w+1) x (h+1), first row and column zero. */
    private static long[] energyTable(PixelBuffer img) {
        int w = img.width();
        int h = img.height();
        int c = img.channels();
        byte[] d = img.data();
        boolean colour = c >= 3;
        int[] prevRow = new int[w];
        int[] row = new int[w];
        long[] t = new long[(w + 1) * (h + 1)];
        for (int y = 0; y < h; y++) {
            int base = y * w * c;
            for (int x = 0; x < w; x++) {
                int i = base + x * c;
                row[x] = colour
                        ? ((d[i] & 0xFF) * 77 + (d[i + 1] & 0xFF) * 150 + (d[i + 2] & 0xFF) * 29) >> 8
                        : d[i] & 0xFF;
            }
            long running = 0;
            for (int x = 0; x < w; x++) {
                int gx = x > 0 ? Math.abs(row[x] - row[x - 1]) : 0;
                int gy = y > 0 ? Math.abs(row[x] - prevRow[x]) : 0;
                running += gx + gy;
                t[(y + 1) * (w + 1) + x + 1] = t[y * (w + 1) + x + 1] + running;
            }
            int[] swap = prevRow;
            prevRow = row;
            row = swap;
        }
        return t;
    }

    private static long sum(long[] t, int stride, int x, int y, int w, int h) {
        return t[(y + h) * stride + x + w] - t[y * stride + x + w] - t[(y + h) * stride + x] + t[y * stride + x];
    }
}
