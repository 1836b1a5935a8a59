package dev.thumbd.resizer.kernel;

/**
 * The reference twin: plain loops with one {@link Math#fma} per tap, in the same order as {@link VectorResampler}.
 * It runs anywhere, is what the vector twin is tested against, and is the fallback when the JVM lacks the
 * {@code jdk.incubator.vector} module.
 */
public final class ScalarResampler extends SeparableResampler {

    @Override
    void reduceBytes(byte[] in, int rowLen, Weights w, int rows, float[] out) {
        int taps = w.taps();
        int[] start = w.start();
        float[] wt = w.weights();
        for (int r = 0; r < rows; r++) {
            int o = r * rowLen;
            int s0 = start[r] * rowLen;
            int wo = r * taps;
            for (int i = 0; i < rowLen; i++) {
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
        for (int r = 0; r < rows; r++) {
            int o = r * rowLen;
            int s0 = start[r] * rowLen;
            int wo = r * taps;
            for (int i = 0; i < rowLen; i++) {
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
        return "scalar";
    }
}
