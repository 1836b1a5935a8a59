package dev.thumbd.resizer.kernel;

/** The reference {@link OverBlend}: one byte at a time, {@code round(x / 255)} as {@link Premultiply#div255}. */
public final class ScalarOverBlend implements OverBlend {

    @Override
    public void blend(byte[] src, byte[] cover, int srcOffset, byte[] dst, int dstOffset, int n) {
        blendScalar(src, cover, srcOffset, dst, dstOffset, 0, n);
    }

    /** Bytes {@code from..n} of a run: the reference, also the vector twin's tail. */
    static void blendScalar(byte[] src, byte[] cover, int srcOffset, byte[] dst, int dstOffset, int from, int n) {
        for (int i = from; i < n; i++) {
            int d = dst[dstOffset + i] & 0xFF;
            int v = (src[srcOffset + i] & 0xFF) + Premultiply.div255(d * (255 - (cover[srcOffset + i] & 0xFF)));
            dst[dstOffset + i] = (byte) Math.min(255, v);
        }
    }

    @Override
    public String name() {
        return "scalar";
    }
}
