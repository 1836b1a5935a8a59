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

    /**
     * Draws a ThumbHash as {@code w * h} RGBA pixels (straight alpha), as the reference {@code thumbHashToRGBA}
     * does (its colour terms boosted by 1.25 against the quantisation), at a size of the caller's choosing: the
     * reference draws at most 32x32 at the hash's approximate aspect ratio, a caller that knows the exact one passes
     * it here.
     *
     * @param hash a hash from {@link #encode}
     * @param w    width, 1..{@value #MAX_SIDE}
     * @param h    height, 1..{@value #MAX_SIDE}
     */
    public static byte[] decode(byte[] hash, int w, int h) {
        if (w < 1 || h < 1 || w > MAX_SIDE || h > MAX_SIDE) {
            throw new IllegalArgumentException(w + "x" + h + " does not fit in 100x100");
        }
        if (hash.length < 5) {
            throw new IllegalArgumentException("a ThumbHash has at least 5 bytes");
        }
        int header24 = (hash[0] & 0xff) | (hash[1] & 0xff) << 8 | (hash[2] & 0xff) << 16;
        int header16 = (hash[3] & 0xff) | (hash[4] & 0xff) << 8;
        double lDc = (header24 & 63) / 63.0;
        double pDc = ((header24 >> 6) & 63) / 31.5 - 1;
        double qDc = ((header24 >> 12) & 63) / 31.5 - 1;
        double lScale = ((header24 >> 18) & 31) / 31.0;
        boolean hasAlpha = (header24 >> 23) != 0;
        double pScale = ((header16 >> 3) & 63) / 63.0;
        double qScale = ((header16 >> 9) & 63) / 63.0;
        boolean landscape = (header16 >> 15) != 0;
        int lx = Math.max(3, landscape ? hasAlpha ? 5 : 7 : header16 & 7);
        int ly = Math.max(3, landscape ? header16 & 7 : hasAlpha ? 5 : 7);
        double aDc = hasAlpha ? (hash[5] & 15) / 15.0 : 1;
        double aScale = hasAlpha ? ((hash[5] & 0xff) >> 4) / 15.0 : 0;
        Terms terms = new Terms(hash, hasAlpha ? 6 : 5);
        double[] lAc = terms.read(lx, ly, lScale);
        double[] pAc = terms.read(3, 3, pScale * 1.25);
        double[] qAc = terms.read(3, 3, qScale * 1.25);
        double[] aAc = hasAlpha ? terms.read(5, 5, aScale) : new double[0];
        byte[] rgba = new byte[w * h * 4];
        double[] fx = new double[Math.max(lx, hasAlpha ? 5 : 3)];
        double[] fy = new double[Math.max(ly, hasAlpha ? 5 : 3)];
        for (int y = 0, i = 0; y < h; y++) {
            for (int cy = 0; cy < fy.length; cy++) {
                fy[cy] = StrictMath.cos(Math.PI / h * (y + 0.5) * cy);
            }
            for (int x = 0; x < w; x++, i += 4) {
                for (int cx = 0; cx < fx.length; cx++) {
                    fx[cx] = StrictMath.cos(Math.PI / w * (x + 0.5) * cx);
                }
                double l = lDc + sum(lAc, lx, ly, fx, fy);
                double p = pDc + sum(pAc, 3, 3, fx, fy);
                double q = qDc + sum(qAc, 3, 3, fx, fy);
                double a = hasAlpha ? aDc + sum(aAc, 5, 5, fx, fy) : aDc;
                double b = l - 2.0 / 3 * p;
                double r = (3 * l - b + q) / 2;
                double g = r - q;
                rgba[i] = channel(r);
                rgba[i + 1] = channel(g);
                rgba[i + 2] = channel(b);
                rgba[i + 3] = channel(a);
            }
        }
        return rgba;
    }

    /** The varying terms of one plane at one pixel, in the order {@link Channel#encode} wrote them. */
    private static double sum(double[] ac, int nx, int ny, double[] fx, double[] fy) {
        double v = 0;
        for (int cy = 0, j = 0; cy < ny; cy++) {
            double fy2 = fy[cy] * 2;
            for (int cx = cy > 0 ? 0 : 1; cx * ny < nx * (ny - cy); cx++, j++) {
                v += ac[j] * fx[cx] * fy2;
            }
        }
        return v;
    }

    /** 0..1 to a byte, clamped and truncated as a {@code Uint8Array} store of the reference does. */
    private static byte channel(double v) {
        return (byte) (int) Math.max(0, 255 * Math.min(1, v));
    }

    /** Reads the 4-bit varying terms after the header, plane after plane. */
    private static final class Terms {
        private final byte[] hash;
        private final int start;
        private int index;

        Terms(byte[] hash, int start) {
            this.hash = hash;
            this.start = start;
        }

        double[] read(int nx, int ny, double scale) {
            java.util.List<Double> out = new java.util.ArrayList<>();
            for (int cy = 0; cy < ny; cy++) {
                for (int cx = cy > 0 ? 0 : 1; cx * ny < nx * (ny - cy); cx++) {
                    int at = start + (index >> 1);
                    int nibble = at < hash.length ? ((hash[at] & 0xff) >> ((index & 1) << 2)) & 15 : 0;
                    index++;
                    out.add((nibble / 7.5 - 1) * scale);
                }
            }
            double[] terms = new double[out.size()];
            for (int i = 0; i < terms.length; i++) {
                terms[i] = out.get(i);
            }
            return terms;
        }
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
