package dev.thumbd.resizer.kernel;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD twin of {@link ScalarOverBlend}: {@link #LANES} bytes at a time, zero-extended to ints, the same integer
 * arithmetic ({@code t = x + 128; (t + (t >> 8)) >> 8} for {@code round(x / 255)}), narrowed back; the tail that
 * does not fill a vector runs the scalar loop, so both agree to the bit.
 *
 * <p>Only load this class when the {@code jdk.incubator.vector} module is present ({@link OverBlend#preferred}).
 */
public final class VectorOverBlend implements OverBlend {

    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    /** Bytes per step. */
    public static final int LANES = INTS.length();
    private static final VectorSpecies<Byte> BYTES =
            VectorSpecies.of(byte.class, VectorShape.forBitSize(LANES * Byte.SIZE));

    @Override
    public void blend(byte[] src, byte[] cover, int srcOffset, byte[] dst, int dstOffset, int n) {
        int upper = n - n % LANES;
        for (int i = 0; i < upper; i += LANES) {
            IntVector s = widen(src, srcOffset + i);
            IntVector c = widen(cover, srcOffset + i);
            IntVector d = widen(dst, dstOffset + i);
            IntVector t = d.mul(c.neg().add(255)).add(128);
            IntVector v = t.add(t.lanewise(VectorOperators.LSHR, 8)).lanewise(VectorOperators.LSHR, 8).add(s)
                    .min(255);
            ((ByteVector) v.convertShape(VectorOperators.I2B, BYTES, 0)).intoArray(dst, dstOffset + i);
        }
        ScalarOverBlend.blendScalar(src, cover, srcOffset, dst, dstOffset, upper, n);
    }

    private static IntVector widen(byte[] a, int offset) {
        return (IntVector) ByteVector.fromArray(BYTES, a, offset)
                .convertShape(VectorOperators.ZERO_EXTEND_B2I, INTS, 0);
    }

    @Override
    public String name() {
        return "vector-" + INTS.vectorBitSize();
    }
}
