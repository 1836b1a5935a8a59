package dev.thumbd.resizer.kernel;

/**
 * Porter-Duff "over" in premultiplied space on 8-bit values, one run of bytes at a time:
 * {@code dst[i] = min(255, src[i] + round(dst[i] * (255 - cover[i]) / 255))}, where {@code src} is the overlay's
 * premultiplied channel (already times the opacity) and {@code cover} the overlay's alpha times the opacity, both laid
 * out in the destination's channel order ({@link dev.thumbd.resizer.transform.OverlayPlane}): a destination alpha
 * byte is blended with the overlay's alpha as its {@code src}, so the same formula gives
 * {@code a = a_o + a_d (1 - a_o)}. The destination must be premultiplied (or opaque).
 *
 * <p>Twins: {@link ScalarOverBlend} is the reference, {@link VectorOverBlend} the Vector API version; they agree to
 * the bit ({@code OverBlendTest}).
 */
public interface OverBlend {

    /**
     * Blends {@code n} bytes of {@code src}/{@code cover} from {@code srcOffset} over {@code dst} from
     * {@code dstOffset}.
     */
    void blend(byte[] src, byte[] cover, int srcOffset, byte[] dst, int dstOffset, int n);

    /** Short name: {@code "scalar"} or {@code "vector-256"}. */
    String name();

    /** The Vector API twin when the module is present, else the scalar reference (as {@link Resamplers}). */
    static OverBlend preferred() {
        return Resamplers.vectorAvailable() ? new VectorOverBlend() : new ScalarOverBlend();
    }

    /** By name, for benchmarks and tests: {@code vector} or {@code scalar}. */
    static OverBlend named(String name) {
        return switch (name) {
            case "scalar" -> new ScalarOverBlend();
            case "vector" -> new VectorOverBlend();
            default -> throw new IllegalArgumentException("unknown blend '" + name + "' (vector or scalar)");
        };
    }
}
