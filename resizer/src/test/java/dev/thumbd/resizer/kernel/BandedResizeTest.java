package dev.thumbd.resizer.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.image.Scratch;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The resize runs in bands of output rows so its float planes stay small; the bytes must be exactly those of the
 * whole-image computation (the same taps, the same fused multiply-adds in the same order), for both twins.
 */
class BandedResizeTest {

    @ParameterizedTest(name = "{0}x{1} -> {2}x{3}, {4} channels")
    @CsvSource({
        "2400, 1600, 500, 300, 4",     // box shrink, then both passes, several bands
        "2400, 300, 700, 300, 4",      // horizontal pass only, banded over source rows
        "1200, 1600, 1200, 500, 3",    // vertical pass only
        "3000, 2000, 1333, 887, 3",    // odd sizes, last band partial
        "900, 700, 1800, 1400, 1",     // enlargement
    })
    void bandsGiveTheBytesOfTheWholeImage(int sw, int sh, int w, int h, int channels) {
        PixelFormat f = switch (channels) {
            case 1 -> PixelFormat.GRAY;
            case 3 -> PixelFormat.RGB;
            default -> PixelFormat.RGBA;
        };
        PixelBuffer src = noise(sw, sh, f);
        int fx = BoxShrink.factor(sw, w, Kernel.LANCZOS3);
        int fy = BoxShrink.factor(sh, h, Kernel.LANCZOS3);
        assertThat(SeparableResampler.bandRows(sw / fx, channels)).as("the case must be banded").isLessThan(h);
        byte[] expected = wholeImage(src, w, h);
        for (Resampler r : new Resampler[] {new ScalarResampler(), new VectorResampler()}) {
            try (Scratch scratch = new Scratch()) {
                PixelBuffer out = r.resize(src, w, h, Kernel.LANCZOS3, scratch);
                assertThat(Arrays.copyOf(out.data(), out.byteLength())).as(r.name()).isEqualTo(expected);
            }
        }
    }

    /** The unbanded computation: box shrink, whole vertical plane, whole horizontal plane, rounding. */
    private static byte[] wholeImage(PixelBuffer source, int width, int height) {
        Kernel k = Kernel.LANCZOS3;
        try (Scratch scratch = new Scratch()) {
            int fx = BoxShrink.factor(source.width(), width, k);
            int fy = BoxShrink.factor(source.height(), height, k);
            PixelBuffer src = fx == 1 && fy == 1 ? source : BoxShrink.shrink(source, fx, fy, scratch);
            double extentW = (double) source.width() / fx;
            double extentH = (double) source.height() / fy;
            int c = src.channels();
            int inW = src.width();
            int inH = src.height();
            float[] v = new float[height * inW * c];
            if (height == inH) {
                for (int i = 0; i < v.length; i++) {
                    v[i] = src.data()[i] & 0xFF;
                }
            } else {
                Weights wv = copy(Weights.compute(inH, extentH / height, height, k, scratch));
                for (int r = 0; r < height; r++) {
                    for (int i = 0; i < inW * c; i++) {
                        float acc = 0f;
                        for (int t = 0; t < wv.taps(); t++) {
                            acc = Math.fma(src.data()[(wv.start()[r] + t) * inW * c + i] & 0xFF,
                                    wv.weights()[r * wv.taps() + t], acc);
                        }
                        v[r * inW * c + i] = acc;
                    }
                }
            }
            byte[] out = new byte[width * height * c];
            if (width == inW) {
                for (int i = 0; i < out.length; i++) {
                    out[i] = SeparableResampler.toByte(v[i]);
                }
                return out;
            }
            Weights wh = copy(Weights.compute(inW, extentW / width, width, k, scratch));
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    for (int ch = 0; ch < c; ch++) {
                        float acc = 0f;
                        for (int t = 0; t < wh.taps(); t++) {
                            acc = Math.fma(v[y * inW * c + (wh.start()[x] + t) * c + ch], wh.weights()[x * wh.taps() + t],
                                    acc);
                        }
                        out[(y * width + x) * c + ch] = SeparableResampler.toByte(acc);
                    }
                }
            }
            return out;
        }
    }

    private static Weights copy(Weights w) {
        return new Weights(w.taps(), w.start().clone(), w.weights().clone());
    }

    private static PixelBuffer noise(int w, int h, PixelFormat f) {
        byte[] d = new byte[w * h * f.channels()];
        SplittableRandom r = new SplittableRandom(w * 7919L + h);
        for (int y = 0; y < h; y++) {
            for (int i = 0; i < w * f.channels(); i++) {
                d[y * w * f.channels() + i] = (byte) (((i * 3 + y * 5) & 0xFF) / 2 + r.nextInt(128));
            }
        }
        return new PixelBuffer(d, w, h, f);
    }
}
