package dev.thumbd.resizer.codec.webp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.codec.EncodeOptions;
import dev.thumbd.resizer.codec.NativeCodecs;
import dev.thumbd.resizer.fixture.TestImages;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.spec.ImageFormat;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebpCodecTest {

    private final Scratch scratch = new Scratch();

    @AfterEach
    void close() {
        scratch.close();
    }

    private LibWebpDecoder nativeDecoder() {
        return new LibWebpDecoder(NativeCodecs.libWebp(), new ImageIoWebpDecoder());
    }

    private static double meanAbsDiff(PixelBuffer a, byte[] b) {
        long s = 0;
        for (int i = 0; i < a.byteLength(); i++) {
            s += Math.abs((a.data()[i] & 0xFF) - (b[i] & 0xFF));
        }
        return (double) s / a.byteLength();
    }

    private static byte[] copy(PixelBuffer p) {
        return Arrays.copyOf(p.data(), p.byteLength());
    }

    /**
     * libwebp gives back the encoded pixels within a level or two (lossy q80); the Java reader agrees on the size.
     * Its pixels are not compared: on these generated photos it drifts 5 to 50 levels from both the source and
     * libwebp (TwelveMonkeys 3.14), so it is no reference for pixel values.
     */
    @Test
    void decodesPhotosCloseToTheirSourceAndAtTheJavaReadersSize() {
        for (String f : new String[] {"photo-1024x772.webp", "photo-550x368.webp"}) {
            byte[] src = TestImages.bytes(f);
            PixelBuffer n = nativeDecoder().decode(src, 1, scratch);
            assertThat(meanAbsDiff(n, TestImages.source(f).data())).as(f).isLessThan(2.5);
            try (Scratch other = new Scratch()) {
                PixelBuffer j = new ImageIoWebpDecoder().decode(src, 1, other);
                assertThat(j.width()).isEqualTo(n.width());
                assertThat(j.height()).isEqualTo(n.height());
            }
        }
    }

    @Test
    void shrinkOnLoadDecodesSmallerAndStaysCloseToABoxShrink() {
        byte[] src = TestImages.bytes("photo-1024x772.webp");
        PixelBuffer full = nativeDecoder().decode(src, 1, scratch);
        PixelBuffer box = dev.thumbd.resizer.kernel.BoxShrink.shrink(full, 2, 2, scratch);
        byte[] reference = copy(box);
        for (int shrink : new int[] {2, 3}) {
            try (Scratch other = new Scratch()) {
                PixelBuffer half = nativeDecoder().decode(src, shrink, other);
                assertThat(half.width()).isEqualTo((1024 + shrink - 1) / shrink);
                assertThat(half.height()).isEqualTo((772 + shrink - 1) / shrink);
                if (shrink == 2) {
                    assertThat(meanAbsDiff(half, reference)).isLessThan(4.0);
                }
            }
        }
    }

    @Test
    void animatedWebpGivesTheFirstFrameAtCanvasSize() {
        byte[] src = TestImages.bytes("edge/animated.webp");
        PixelBuffer p = nativeDecoder().decode(src, 1, scratch);
        assertThat(p.width()).isPositive();
        assertThat(LibWebpDecoder.decodes(src)).isFalse();
    }

    @Test
    void roundTripsRgbRgbaAndGrey() {
        LibWebpEncoder enc = new LibWebpEncoder(NativeCodecs.libWebp());
        for (PixelFormat f : new PixelFormat[] {PixelFormat.RGB, PixelFormat.RGBA, PixelFormat.GRAY}) {
            PixelBuffer img = smooth(97, 61, f);
            byte[] webp = enc.encode(img, EncodeOptions.defaults(ImageFormat.WEBP), scratch);
            assertThat(new String(webp, 8, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("WEBP");
            PixelBuffer back = nativeDecoder().decode(webp, 1, scratch);
            assertThat(back.width()).isEqualTo(97);
            assertThat(back.height()).isEqualTo(61);
            assertThat(back.format().hasAlpha()).isEqualTo(f.hasAlpha());
        }
    }

    @Test
    void higherQualityGivesLargerFiles() {
        LibWebpEncoder enc = new LibWebpEncoder(NativeCodecs.libWebp());
        PixelBuffer img = nativeDecoder().decode(TestImages.bytes("photo-550x368.webp"), 1, scratch);
        byte[] pixels = copy(img);
        PixelBuffer stable = new PixelBuffer(pixels, img.width(), img.height(), img.format());
        int low = enc.encode(stable, EncodeOptions.defaults(ImageFormat.WEBP).withQuality(30), scratch).length;
        int high = enc.encode(stable, EncodeOptions.defaults(ImageFormat.WEBP).withQuality(95), scratch).length;
        assertThat(high).isGreaterThan(low);
    }

    @Test
    void truncatedWebpIsCorrupt() {
        byte[] src = TestImages.bytes("photo-550x368.webp");
        for (int cut : new int[] {30, src.length / 3, src.length - 10}) {
            byte[] t = Arrays.copyOf(src, cut);
            assertThatThrownBy(() -> nativeDecoder().decode(t, 1, scratch))
                    .isInstanceOfSatisfying(ProblemException.class,
                            e -> assertThat(e.type()).isEqualTo(ProblemType.CORRUPT_IMAGE));
        }
    }

    @Test
    void fallbackEncoderWritesWebp() {
        byte[] webp = new ImageIoWebpEncoder().encode(smooth(40, 30, PixelFormat.RGB),
                EncodeOptions.defaults(ImageFormat.WEBP), scratch);
        PixelBuffer back = new ImageIoWebpDecoder().decode(webp, 1, scratch);
        assertThat(back.width()).isEqualTo(40);
    }

    static PixelBuffer smooth(int w, int h, PixelFormat f) {
        int c = f.channels();
        byte[] d = new byte[w * h * c];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int k = 0; k < c; k++) {
                    d[(y * w + x) * c + k] = (byte) (k == c - 1 && f.hasAlpha() ? 128 + x : (x * 2 + y * 3 + k * 40));
                }
            }
        }
        return new PixelBuffer(d, w, h, f);
    }
}
