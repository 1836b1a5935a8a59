package dev.thumbd.resizer.placeholder;

/**
 * The dominant colour of a small image, as sharp's {@code stats().dominant} finds it: pixels are counted in 4,096
 * bins (4 bits of each of red, green and blue), and the answer is the mean colour of the fullest bin (ties: the
 * darker bin). Pixels less than half opaque are left out, unless no pixel is at least half opaque.
 */
public final class DominantColour {

    private DominantColour() {
    }

    /** @return {@code 0xrrggbb} of {@code w * h} RGBA pixels (straight alpha) */
    public static int of(int w, int h, byte[] rgba) {
        int n = w * h;
        boolean anyOpaque = false;
        for (int i = 0; i < n && !anyOpaque; i++) {
            anyOpaque = (rgba[i * 4 + 3] & 0xff) >= 128;
        }
        int[] count = new int[4096];
        long[] sum = new long[4096 * 3];
        for (int i = 0; i < n; i++) {
            int j = i * 4;
            if (anyOpaque && (rgba[j + 3] & 0xff) < 128) {
                continue;
            }
            int r = rgba[j] & 0xff;
            int g = rgba[j + 1] & 0xff;
            int b = rgba[j + 2] & 0xff;
            int bin = (r >> 4) << 8 | (g >> 4) << 4 | (b >> 4);
            count[bin]++;
            sum[bin * 3] += r;
            sum[bin * 3 + 1] += g;
            sum[bin * 3 + 2] += b;
        }
        int best = 0;
        for (int bin = 1; bin < count.length; bin++) {
            if (count[bin] > count[best]) {
                best = bin;
            }
        }
        int c = Math.max(1, count[best]);
        int r = (int) Math.round((double) sum[best * 3] / c);
        int g = (int) Math.round((double) sum[best * 3 + 1] / c);
        int b = (int) Math.round((double) sum[best * 3 + 2] / c);
        return r << 16 | g << 8 | b;
    }
}
