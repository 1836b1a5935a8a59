package dev.thumbd.resizer.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.image.Scratch;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Invariants of both twins, and their agreement. The tolerance between the twins is zero: they run the same
 * arithmetic in the same order (one fused multiply-add per tap), so any difference is a bug.
 */
class ResamplerTest {

    private static final PixelFormat[] FORMATS = {PixelFormat.GRAY, PixelFormat.GRAY_ALPHA, PixelFormat.RGB,
            PixelFormat.RGBA};
    private static final int[][] SIZE_PAIRS = {
            {1, 1, 1, 1}, {1, 7, 3, 2}, {3, 1, 1, 5}, {13, 9, 5, 4}, {207, 101, 64, 31}, {702, 557, 300, 245},
            {4099, 17, 300, 5}, {300, 245, 702, 557}, {50, 40, 51, 41}, {20, 20, 160, 3}, {2725, 64, 300, 7},
    };

    private final Scratch scratch = new Scratch();

    static PixelBuffer random(int w, int h, PixelFormat f, long seed) {
        byte[] d = new byte[w * h * f.channels()];
        new Random(seed).nextBytes(d);
        return new PixelBuffer(d, w, h, f);
    }

    static PixelBuffer constant(int w, int h, PixelFormat f, int value) {
        byte[] d = new byte[w * h * f.channels()];
        java.util.Arrays.fill(d, (byte) value);
        return new PixelBuffer(d, w, h, f);
    }

    private static byte[] copy(PixelBuffer p) {
        return java.util.Arrays.copyOf(p.data(), p.byteLength());
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void constantStaysExactlyConstant(Kernel kernel) {
        for (Resampler r : new Resampler[] {new ScalarResampler(), new VectorResampler()}) {
            for (int[] s : SIZE_PAIRS) {
                for (int value : new int[] {0, 1, 128, 254, 255}) {
                    PixelBuffer out = r.resize(constant(s[0], s[1], PixelFormat.RGB, value), s[2], s[3], kernel,
                            scratch);
                    for (int i = 0; i < out.byteLength(); i++) {
                        assertThat(out.data()[i] & 0xFF).as("%s %s %s v=%d", r.name(), kernel,
                                java.util.Arrays.toString(s), value).isEqualTo(value);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Kernel.class, names = {"LINEAR", "CUBIC", "LANCZOS2", "LANCZOS3"})
    void outputSizesAreExactAndTwinsAgreeBitForBit(Kernel kernel) {
        Resampler scalar = new ScalarResampler();
        Resampler vector = new VectorResampler();
        Scratch other = new Scratch();
        for (PixelFormat f : FORMATS) {
            for (int[] s : SIZE_PAIRS) {
                PixelBuffer src = random(s[0], s[1], f, s[0] * 31L + s[1]);
                PixelBuffer a = scalar.resize(src, s[2], s[3], kernel, scratch);
                PixelBuffer b = vector.resize(src, s[2], s[3], kernel, other);
                assertThat(a.width()).isEqualTo(s[2]);
                assertThat(a.height()).isEqualTo(s[3]);
                assertThat(b.width()).isEqualTo(s[2]);
                assertThat(b.height()).isEqualTo(s[3]);
                assertThat(copy(b)).as("%s %s %s", kernel, f, java.util.Arrays.toString(s)).isEqualTo(copy(a));
            }
        }
        other.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 13, 207, 702, 4099})
    void awkwardWidthsAgreeForEveryChannelCount(int width) {
        Scratch other = new Scratch();
        for (PixelFormat f : FORMATS) {
            PixelBuffer src = random(width, 11, f, width);
            int outW = Math.max(1, width / 3);
            PixelBuffer a = new ScalarResampler().resize(src, outW, 4, Kernel.LANCZOS3, scratch);
            PixelBuffer b = new VectorResampler().resize(src, outW, 4, Kernel.LANCZOS3, other);
            assertThat(copy(b)).isEqualTo(copy(a));
        }
        other.close();
    }

    @Test
    void meanIsPreservedWithinOneLevelAcrossFactors() {
        PixelBuffer src = gradientWithNoise(640, 480);
        double mean = mean(src);
        int[][] targets = {{80, 60}, {160, 120}, {213, 160}, {320, 240}, {500, 375}, {640, 480}, {1280, 960},
                {2560, 1920}, {97, 301}};
        for (int[] t : targets) {
            PixelBuffer out = new VectorResampler().resize(src, t[0], t[1], Kernel.LANCZOS3, scratch);
            assertThat(Math.abs(mean(out) - mean)).as("%dx%d", t[0], t[1]).isLessThan(1.0);
        }
    }

    @Test
    void nearestReproducesSourcePixels() {
        PixelBuffer src = random(40, 30, PixelFormat.RGB, 5);
        PixelBuffer out = new VectorResampler().resize(src, 20, 15, Kernel.NEAREST, scratch);
        for (int y = 0; y < 15; y++) {
            for (int x = 0; x < 20; x++) {
                int sx = (int) Math.floor((x + 0.5) * 2 - 0.5 + 0.5);
                int sy = (int) Math.floor((y + 0.5) * 2 - 0.5 + 0.5);
                for (int c = 0; c < 3; c++) {
                    assertThat(out.data()[(y * 20 + x) * 3 + c]).isEqualTo(src.data()[(sy * 40 + sx) * 3 + c]);
                }
            }
        }
    }

    @Test
    void upThenDownStaysClose() {
        PixelBuffer src = gradientWithNoise(120, 90);
        byte[] original = copy(src);
        PixelBuffer up = new VectorResampler().resize(src, 360, 270, Kernel.LANCZOS3, scratch);
        byte[] upCopy = copy(up);
        Scratch other = new Scratch();
        PixelBuffer down = new VectorResampler().resize(new PixelBuffer(upCopy, 360, 270, PixelFormat.RGB), 120, 90,
                Kernel.LANCZOS3, other);
        double diff = 0;
        for (int i = 0; i < original.length; i++) {
            diff += Math.abs((original[i] & 0xFF) - (down.data()[i] & 0xFF));
        }
        assertThat(diff / original.length).isLessThan(6.0);
        other.close();
    }

    @Test
    void boxShrinkMatchesANaiveAverage() {
        PixelBuffer src = random(37, 23, PixelFormat.RGBA, 9);
        PixelBuffer out = BoxShrink.shrink(src, 4, 3, scratch);
        assertThat(out.width()).isEqualTo(10);
        assertThat(out.height()).isEqualTo(8);
        for (int oy = 0; oy < 8; oy++) {
            for (int ox = 0; ox < 10; ox++) {
                for (int c = 0; c < 4; c++) {
                    int s = 0;
                    int n = 0;
                    for (int y = oy * 3; y < Math.min(23, oy * 3 + 3); y++) {
                        for (int x = ox * 4; x < Math.min(37, ox * 4 + 4); x++) {
                            s += src.data()[(y * 37 + x) * 4 + c] & 0xFF;
                            n++;
                        }
                    }
                    assertThat(out.data()[(oy * 10 + ox) * 4 + c] & 0xFF).isEqualTo((s + n / 2) / n);
                }
            }
        }
    }

    @Test
    void boxShrinkLeavesAtLeastTwoForTheKernel() {
        assertThat(BoxShrink.factor(2725, 300, Kernel.LANCZOS3)).isEqualTo(4);
        assertThat(BoxShrink.factor(682, 300, Kernel.LANCZOS3)).isEqualTo(1);
        assertThat(BoxShrink.factor(1200, 300, Kernel.LANCZOS3)).isEqualTo(2);
        assertThat(BoxShrink.factor(1200, 300, Kernel.NEAREST)).isEqualTo(1);
        assertThat(BoxShrink.factor(100, 300, Kernel.LANCZOS3)).isEqualTo(1);
    }

    @Test
    void premultiplyRoundTripIsCloseForVisiblePixels() {
        PixelBuffer src = random(64, 64, PixelFormat.RGBA, 3);
        byte[] original = copy(src);
        PixelBuffer pre = Premultiply.premultiply(src, scratch);
        Premultiply.unpremultiply(pre);
        for (int i = 0; i < original.length; i += 4) {
            int a = original[i + 3] & 0xFF;
            for (int c = 0; c < 3; c++) {
                int err = Math.abs((original[i + c] & 0xFF) - (pre.data()[i + c] & 0xFF));
                if (a == 0) {
                    assertThat(pre.data()[i + c]).isZero();
                } else {
                    assertThat(err).as("alpha %d", a).isLessThanOrEqualTo(255 / (2 * a) + 1);
                }
            }
        }
    }

    @Test
    void divisionFreeArithmeticIsExact() {
        for (int x = 0; x <= 255 * 255; x++) {
            assertThat(Premultiply.div255(x)).as("x=%d", x).isEqualTo((x + 127) / 255);
        }
        for (int n = 1; n <= 64 * 64; n++) {
            long r = BoxShrink.reciprocal(n);
            for (int x : new int[] {0, 1, n - 1, n, 255 * n / 2, 255 * n + n / 2}) {
                assertThat((x * r) >>> 32).as("n=%d x=%d", n, x).isEqualTo(x / n);
            }
        }
    }

    @Test
    void opaqueImagesAreNotPremultiplied() {
        PixelBuffer src = constant(8, 8, PixelFormat.RGBA, 255);
        assertThat(Premultiply.premultiply(src, scratch)).isSameAs(src);
    }

    @Test
    void transparentEdgesDoNotBleedWhenPremultiplied() {
        // left half opaque red, right half transparent green: the edge must stay red, not turn brown
        int w = 40;
        int h = 4;
        byte[] d = new byte[w * h * 4];
        for (int i = 0; i < w * h; i++) {
            boolean left = (i % w) < w / 2;
            d[i * 4] = (byte) (left ? 255 : 0);
            d[i * 4 + 1] = (byte) (left ? 0 : 255);
            d[i * 4 + 3] = (byte) (left ? 255 : 0);
        }
        PixelBuffer pre = Premultiply.premultiply(new PixelBuffer(d, w, h, PixelFormat.RGBA), scratch);
        PixelBuffer out = new VectorResampler().resize(pre, 10, 1, Kernel.LANCZOS3, scratch);
        Premultiply.unpremultiply(out);
        int edge = 4;
        assertThat(out.data()[edge * 4 + 1] & 0xFF).isLessThan(20);
    }

    private static PixelBuffer gradientWithNoise(int w, int h) {
        byte[] d = new byte[w * h * 3];
        Random rnd = new Random(1);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    int v = (x * 255 / w + y * 100 / h + c * 40) % 256 + rnd.nextInt(21) - 10;
                    d[(y * w + x) * 3 + c] = (byte) Math.clamp(v, 0, 255);
                }
            }
        }
        return new PixelBuffer(d, w, h, PixelFormat.RGB);
    }

    private static double mean(PixelBuffer p) {
        long s = 0;
        for (int i = 0; i < p.byteLength(); i++) {
            s += p.data()[i] & 0xFF;
        }
        return (double) s / p.byteLength();
    }
}
