package dev.thumbd.resizer.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.resizer.kernel.ScalarResampler;
import dev.thumbd.resizer.kernel.VectorResampler;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FilterTest {

    private final Scratch scratch = new Scratch();

    private static PixelBuffer step(int w, int h) {
        byte[] d = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                Arrays.fill(d, (y * w + x) * 3, (y * w + x) * 3 + 3, (byte) (x < w / 2 ? 60 : 190));
            }
        }
        return new PixelBuffer(d, w, h, PixelFormat.RGB);
    }

    @Test
    void blurOfAConstantIsThatConstant() {
        byte[] d = new byte[31 * 17 * 4];
        Arrays.fill(d, (byte) 77);
        PixelBuffer out = new VectorResampler().blur(new PixelBuffer(d, 31, 17, PixelFormat.RGBA), 2.5, scratch);
        for (int i = 0; i < out.byteLength(); i++) {
            assertThat(out.data()[i] & 0xFF).isEqualTo(77);
        }
    }

    @Test
    void blurSoftensAStepAndTwinsAgree() {
        PixelBuffer src = step(64, 8);
        PixelBuffer a = new VectorResampler().blur(src, 2, scratch);
        int left = a.data()[(4 * 64 + 30) * 3] & 0xFF;
        int right = a.data()[(4 * 64 + 33) * 3] & 0xFF;
        assertThat(left).isGreaterThan(60).isLessThan(190);
        assertThat(right).isGreaterThan(60).isLessThan(190);
        byte[] vector = Arrays.copyOf(a.data(), a.byteLength());
        Scratch other = new Scratch();
        PixelBuffer b = new ScalarResampler().blur(src, 2, other);
        assertThat(Arrays.copyOf(b.data(), b.byteLength())).isEqualTo(vector);
        other.close();
    }

    @Test
    void sharpenIncreasesContrastAtAnEdgeAndKeepsFlatAreas() {
        PixelBuffer src = step(64, 8);
        byte[] before = Arrays.copyOf(src.data(), src.byteLength());
        PixelBuffer out = Sharpen.apply(src, 1.5, new VectorResampler(), scratch);
        int i = (4 * 64 + 31) * 3;
        int j = (4 * 64 + 32) * 3;
        assertThat(out.data()[i] & 0xFF).isLessThan(before[i] & 0xFF);
        assertThat(out.data()[j] & 0xFF).isGreaterThan(before[j] & 0xFF);
        assertThat(out.data()[(4 * 64 + 5) * 3] & 0xFF).isEqualTo(60);
    }

    @Test
    void sharpenLeavesAlphaAlone() {
        byte[] d = new byte[20 * 20 * 4];
        new Random(3).nextBytes(d);
        byte[] before = d.clone();
        PixelBuffer out = Sharpen.apply(new PixelBuffer(d, 20, 20, PixelFormat.RGBA), 1, new VectorResampler(),
                scratch);
        for (int k = 3; k < before.length; k += 4) {
            assertThat(out.data()[k]).isEqualTo(before[k]);
        }
    }
}
