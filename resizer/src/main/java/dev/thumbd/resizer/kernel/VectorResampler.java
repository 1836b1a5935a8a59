package dev.thumbd.resizer.kernel;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD twin of {@link ScalarResampler}, on the Java Vector API: each pass processes {@link #LANES} values of a
 * row at once (16 floats with AVX-512, 8 with AVX2), one broadcast fused multiply-add per tap. Bytes are widened
 * with a zero extension (pixels are unsigned) and converted to float lane-wise. The row tail that does not fill a
 * vector runs the scalar loop, which does the same arithmetic, so both twins agree to the bit.
 *
 * <p>Only load this class when the {@code jdk.incubator.vector} module is present; {@link Resamplers} checks.
 */
public final class VectorResampler extends SeparableResampler {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    /** Lanes per vector. */
    public static final int LANES = FLOATS.length();
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, FLOATS.vectorShape());
    private static final VectorSpecies<Byte> BYTES =
            VectorSpecies.of(byte.class, VectorShape.forBitSize(LANES * Byte.SIZE));

    private static final BoxShrink.RowSummer VECTOR_SUMMER = (in, offset, sums, len) -> {
        int upper = len - len % LANES;
        for (int i = 0; i < upper; i += LANES) {
            IntVector widened = (IntVector) ByteVector.fromArray(BYTES, in, offset + i)
                    .convertShape(VectorOperators.ZERO_EXTEND_B2I, INTS, 0);
            IntVector.fromArray(INTS, sums, i).add(widened).intoArray(sums, i);
        }
        for (int i = upper; i < len; i++) {
            sums[i] += in[offset + i] & 0xFF;
        }
    };

    @Override
    BoxShrink.RowSummer rowSummer() {
        return VECTOR_SUMMER;
    }

    @Override
    void reduceBytes(byte[] in, int rowLen, Weights w, int rows, float[] out) {
        int taps = w.taps();
        int[] start = w.start();
        float[] wt = w.weights();
        int upper = rowLen - rowLen % LANES;
        for (int r = 0; r < rows; r++) {
            int o = r * rowLen;
            int s0 = start[r] * rowLen;
            int wo = r * taps;
            for (int i = 0; i < upper; i += LANES) {
                FloatVector acc = FloatVector.zero(FLOATS);
                for (int k = 0; k < taps; k++) {
                    FloatVector v = (FloatVector) ByteVector.fromArray(BYTES, in, s0 + k * rowLen + i)
                            .convertShape(VectorOperators.ZERO_EXTEND_B2I, INTS, 0)
                            .convertShape(VectorOperators.I2F, FLOATS, 0);
                    acc = v.fma(FloatVector.broadcast(FLOATS, wt[wo + k]), acc);
                }
                acc.intoArray(out, o + i);
            }
            for (int i = upper; i < rowLen; i++) {
                float acc = 0f;
                for (int k = 0; k < taps; k++) {
                    acc = Math.fma(in[s0 + k * rowLen + i] & 0xFF, wt[wo + k], acc);
                }
                out[o + i] = acc;
            }
        }
    }

    @Override
    void reduceFloats(float[] in, int rowLen, Weights w, int rows, float[] out) {
        int taps = w.taps();
        int[] start = w.start();
        float[] wt = w.weights();
        int upper = rowLen - rowLen % LANES;
        for (int r = 0; r < rows; r++) {
            int o = r * rowLen;
            int s0 = start[r] * rowLen;
            int wo = r * taps;
            for (int i = 0; i < upper; i += LANES) {
                FloatVector acc = FloatVector.zero(FLOATS);
                for (int k = 0; k < taps; k++) {
                    acc = FloatVector.fromArray(FLOATS, in, s0 + k * rowLen + i).fma(FloatVector.broadcast(FLOATS, wt[wo + k]), acc);
                }
                acc.intoArray(out, o + i);
            }
            for (int i = upper; i < rowLen; i++) {
                float acc = 0f;
                for (int k = 0; k < taps; k++) {
                    acc = Math.fma(in[s0 + k * rowLen + i], wt[wo + k], acc);
                }
                out[o + i] = acc;
            }
        }
    }

    @Override
    public String name() {
        return "vector-" + FLOATS.vectorBitSize();
    }
}
