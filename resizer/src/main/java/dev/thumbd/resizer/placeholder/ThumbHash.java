package dev.thumbd.resizer.placeholder;

/**
 * The ThumbHash encoder (Evan Wallace's algorithm, as its reference implementation does it, bit for bit): a
 * placeholder of about 25 bytes from which a client draws a blurred image of the right colours and aspect ratio.
 *
 * <p>The image (at most 100x100, straight alpha) is composited over its own average colour and turned into
 * luminance, yellow-blue, red-green and alpha planes; each plane's lowest DCT terms are kept (luminance up to 7 per
 * axis, 5 with alpha; the colour planes 3, alpha 5), the constant term in a header and the others scaled by the
 * largest and quantised to 4 bits. Scalar code: at 100x100 the whole encode is well under a millisecond.
 */
public final class ThumbHash {

    /** The largest side the encoder takes. */
    public static final int MAX_SIDE = 100;

    private ThumbHash() {
    }

    /**
     * @param w    width, 1..100
     * @param h    height, 1..100
     * @param rgba {@code w * h} pixels, 4 bytes each, straight (not premultiplied) alpha
     */
    public static byte[] encode(int w, int h, byte[] rgba) {
        if (w < 1 || h < 1 || w > MAX_SIDE || h > MAX_SIDE) {
            throw new IllegalArgumentException(w + "x" + h + " does not fit in 100x100");
        }
        if (rgba.length < w * h * 4) {
            throw new IllegalArgumentException("need " + w * h * 4 + " bytes of RGBA");
        }
        int n = w * h;
        double avgR = 0;
        double avgG = 0;
        double avgB = 0;
        double avgA = 0;
        for (int i = 0, j = 0; i < n; i++, j += 4) {
            double alpha = (rgba[j + 3] & 0xff) / 255.0;
            avgR += alpha / 255 * (rgba[j] & 0xff);
            avgG += alpha / 255 * (rgba[j + 1] & 0xff);
            avgB += alpha / 255 * (rgba[j + 2] & 0xff);
            avgA += alpha;
        }
        if (avgA > 0) {
            avgR /= avgA;
            avgG /= avgA;
            avgB /= avgA;
        }
        boolean hasAlpha = avgA < n;
        int lLimit = hasAlpha ? 5 : 7;
        int lx = (int) Math.max(1, Math.round(lLimit * (double) w / Math.max(w, h)));
        int ly = (int) Math.max(1, Math.round(lLimit * (double) h / Math.max(w, h)));
        double[] l = new double[n];
        double[] p = new double[n];
        double[] q = new double[n];
        double[] a = new double[n];
        for (int i = 0, j = 0; i < n; i++, j += 4) {
            double alpha = (rgba[j + 3] & 0xff) / 255.0;
            double r = avgR * (1 - alpha) + alpha / 255 * (rgba[j] & 0xff);
            double g = avgG * (1 - alpha) + alpha / 255 * (rgba[j + 1] & 0xff);
            double b = avgB * (1 - alpha) + alpha / 255 * (rgba[j + 2] & 0xff);
            l[i] = (r + g + b) / 3;
            p[i] = (r + g) / 2 - b;
            q[i] = r - g;
            a[i] = alpha;
        }
        Channel lc = Channel.encode(l, w, h, Math.max(3, lx), Math.max(3, ly));
        Channel pc = Channel.encode(p, w, h, 3, 3);
        Channel qc = Channel.encode(q, w, h, 3, 3);
        Channel ac = hasAlpha ? Channel.encode(a, w, h, 5, 5) : null;

        boolean landscape = w > h;
        long header24 = Math.round(63 * lc.dc) | (Math.round(31.5 + 31.5 * pc.dc) << 6)
                | (Math.round(31.5 + 31.5 * qc.dc) << 12) | (Math.round(31 * lc.scale) << 18)
                | ((hasAlpha ? 1L : 0L) << 23);
        long header16 = (landscape ? ly : lx) | (Math.round(63 * pc.scale) << 3) | (Math.round(63 * qc.scale) << 9)
                | ((landscape ? 1L : 0L) << 15);
        int acStart = hasAlpha ? 6 : 5;
        int acCount = lc.ac.length + pc.ac.length + qc.ac.length + (ac == null ? 0 : ac.ac.length);
        byte[] hash = new byte[acStart + (acCount + 1) / 2];
        hash[0] = (byte) header24;
        hash[1] = (byte) (header24 >> 8);
        hash[2] = (byte) (header24 >> 16);
        hash[3] = (byte) header16;
        hash[4] = (byte) (header16 >> 8);
        if (ac != null) {
            hash[5] = (byte) (Math.round(15 * ac.dc) | (Math.round(15 * ac.scale) << 4));
        }
        int index = 0;
        for (Channel c : ac == null ? new Channel[] {lc, pc, qc} : new Channel[] {lc, pc, qc, ac}) {
            for (double f : c.ac) {
                hash[acStart + (index >> 1)] |= (byte) (Math.round(15 * f) << ((index & 1) << 2));
                index++;
            }
        }
        return hash;
    }

    /** One plane's DCT: the constant term, the varying terms normalised to 0..1, and their scale. */
    private record Channel(double dc, double[] ac, double scale) {
        static Channel encode(double[] channel, int w, int h, int nx, int ny) {
            double dc = 0;
            double scale = 0;
            double[] fx = new double[w];
            double[] ac = new double[nx * ny];
            int count = 0;
            for (int cy = 0; cy < ny; cy++) {
                for (int cx = 0; cx * ny < nx * (ny - cy); cx++) {
                    double f = 0;
                    for (int x = 0; x < w; x++) {
                        fx[x] = StrictMath.cos(Math.PI / w * cx * (x + 0.5));
                    }
                    for (int y = 0; y < h; y++) {
                        double fy = StrictMath.cos(Math.PI / h * cy * (y + 0.5));
                        for (int x = 0; x < w; x++) {
                            f += channel[x + y * w] * fx[x] * fy;
                        }
                    }
                    f /= w * h;
                    if (cx > 0 || cy > 0) {
                        ac[count++] = f;
                        scale = Math.max(scale, Math.abs(f));
                    } else {
                        dc = f;
                    }
                }
            }
            double[] terms = java.util.Arrays.copyOf(ac, count);
            if (scale > 0) {
                for (int i = 0; i < count; i++) {
                    terms[i] = 0.5 + 0.5 / scale * terms[i];
                }
            }
            return new Channel(dc, terms, scale);
        }
    }
}
