package dev.thumbd.resizer.codec.jpeg;

import static dev.thumbd.resizer.codec.Pixels.ceilDiv;
import static dev.thumbd.resizer.codec.Pixels.meanAbsDiff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.codec.EncodeOptions;
import dev.thumbd.resizer.codec.NativeCodecs;
import dev.thumbd.resizer.codec.Pixels;
import dev.thumbd.resizer.fixture.TestImages;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.spec.ImageFormat;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TurboJpegDecoderTest {

    static final List<String> PHOTOS = List.of("photo-600x450.jpg", "photo-970x644.jpg",
            "photo-1920x1080.jpg", "photo-2725x2225.jpg", "photo-3264x2448.jpg",
            "photo-p3-orientation6-4032x3024.jpg");
    private static final Pattern SIZE = Pattern.compile("-(\\d+)x(\\d+)\\.");

    private TurboJpegDecoder decoder;
    private Scratch scratch;

    @BeforeEach
    void setUp() {
        decoder = new TurboJpegDecoder(NativeCodecs.turboJpeg());
        scratch = new Scratch();
    }

    @AfterEach
    void tearDown() {
        scratch.close();
    }

    static Stream<Arguments> photosAndShrinks() {
        return PHOTOS.stream().flatMap(photo -> Stream.of(1, 2, 3, 4, 7, 8, 16)
                .map(shrink -> Arguments.of(photo, shrink)));
    }

    @ParameterizedTest(name = "{0} shrink {1}")
    @MethodSource("photosAndShrinks")
    void decodesAtTheLargestDctScaleWithinTheShrink(String photo, int shrink) {
        Matcher m = SIZE.matcher(photo);
        assertThat(m.find()).isTrue();
        int width = Integer.parseInt(m.group(1));
        int height = Integer.parseInt(m.group(2));
        int n = shrink >= 8 ? 8 : shrink >= 4 ? 4 : shrink >= 2 ? 2 : 1;

        PixelBuffer image = decoder.decode(TestImages.bytes(photo), shrink, scratch);

        assertThat(image.width()).isEqualTo(ceilDiv(width, n));
        assertThat(image.height()).isEqualTo(ceilDiv(height, n));
        assertThat(image.format()).isEqualTo(PixelFormat.RGB);
    }

    @ParameterizedTest
    @ValueSource(strings = {"photo-600x450.jpg", "photo-970x644.jpg", "photo-1920x1080.jpg"})
    void fullSizePixelsMatchImageIo(String photo) {
        byte[] jpeg = TestImages.bytes(photo);
        PixelBuffer ours = Pixels.copy(decoder.decode(jpeg, 1, scratch));
        PixelBuffer reference = new ImageIoJpegDecoder().decode(jpeg, 1, scratch);

        assertThat(meanAbsDiff(ours, reference)).isLessThan(1.5);
    }

    @Test
    void eighthScaleLooksLikeTheFullImageAveraged() {
        byte[] jpeg = TestImages.bytes("photo-1920x1080.jpg");
        PixelBuffer full = Pixels.copy(decoder.decode(jpeg, 1, scratch));
        PixelBuffer eighth = decoder.decode(jpeg, 8, scratch);

        assertThat(meanAbsDiff(eighth, boxAverage(full, 8))).isLessThan(4.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"edge/cmyk-profile.jpg", "edge/cmyk-no-profile.jpg"})
    void adobeCmykComesOutInTheNormalConvention(String file) {
        byte[] jpeg = TestImages.bytes(file);
        PixelBuffer cmyk = Pixels.copy(decoder.decode(jpeg, 1, scratch));
        PixelBuffer reference = new ImageIoJpegDecoder().decode(jpeg, 1, scratch);

        assertThat(cmyk.format()).isEqualTo(PixelFormat.CMYK);
        assertThat(AdobeMarker.present(jpeg)).isTrue();
        assertThat(AdobeMarker.present(new TurboJpegEncoder(NativeCodecs.turboJpeg()).encode(
                Pixels.synthetic(16, 16, PixelFormat.RGB), EncodeOptions.defaults(ImageFormat.JPEG), scratch)))
                .as("TurboJPEG writes no APP14").isFalse();
        double normal = meanAbsDiff(naiveRgb(cmyk, false), reference);
        double inverted = meanAbsDiff(naiveRgb(cmyk, true), reference);
        // A naive CMYK -> RGB conversion is far from a profile conversion, but reading the inks the wrong way
        // round is much farther still.
        assertThat(normal).isLessThan(45.0).isLessThan(inverted / 2);
    }

    @Test
    void greyJpegDecodesToGrey() {
        PixelBuffer grey = Pixels.synthetic(97, 61, PixelFormat.GRAY);
        byte[] jpeg = new TurboJpegEncoder(NativeCodecs.turboJpeg())
                .encode(grey, EncodeOptions.defaults(ImageFormat.JPEG), scratch);

        PixelBuffer decoded = decoder.decode(jpeg, 1, scratch);

        assertThat(decoded.format()).isEqualTo(PixelFormat.GRAY);
        assertThat(meanAbsDiff(decoded, grey)).isLessThan(2.0);
    }

    static Stream<String> badJpegs() {
        return TestImages.bad().stream().map(TestImages.Entry::file)
                .filter(f -> f.endsWith(".jpg") && !f.contains("giant"));
    }

    @ParameterizedTest
    @MethodSource("badJpegs")
    void brokenFilesAreCorruptImages(String file) {
        byte[] jpeg = TestImages.bytes(file);
        for (int shrink : new int[] {1, 8}) {
            assertThatThrownBy(() -> decoder.decode(jpeg, shrink, scratch))
                    .isInstanceOfSatisfying(ProblemException.class,
                            e -> assertThat(e.type()).isEqualTo(ProblemType.CORRUPT_IMAGE))
                    .hasMessageNotContaining("tj");
        }
        assertThat(decoder.decode(TestImages.bytes(PHOTOS.getFirst()), 2, scratch).width()).isEqualTo(300);
    }

    @Test
    void everyTruncationOfAPhotoIsCorrupt() {
        byte[] jpeg = TestImages.bytes("photo-600x450.jpg");
        for (int cut = 0; cut < jpeg.length - 2; cut += 997) {
            byte[] truncated = Arrays.copyOf(jpeg, cut);
            assertThatThrownBy(() -> decoder.decode(truncated, 4, scratch))
                    .as("cut at %d", cut)
                    .isInstanceOfSatisfying(ProblemException.class,
                            e -> assertThat(e.type()).isEqualTo(ProblemType.CORRUPT_IMAGE));
        }
    }

    static PixelBuffer boxAverage(PixelBuffer in, int n) {
        int w = ceilDiv(in.width(), n);
        int h = ceilDiv(in.height(), n);
        int c = in.channels();
        byte[] out = new byte[w * h * c];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int k = 0; k < c; k++) {
                    int sum = 0;
                    int count = 0;
                    for (int yy = y * n; yy < Math.min(in.height(), y * n + n); yy++) {
                        for (int xx = x * n; xx < Math.min(in.width(), x * n + n); xx++) {
                            sum += in.data()[(yy * in.width() + xx) * c + k] & 0xFF;
                            count++;
                        }
                    }
                    out[(y * w + x) * c + k] = (byte) Math.round((float) sum / count);
                }
            }
        }
        return new PixelBuffer(out, w, h, in.format());
    }

    static PixelBuffer naiveRgb(PixelBuffer cmyk, boolean invert) {
        int n = cmyk.width() * cmyk.height();
        byte[] rgb = new byte[n * 3];
        for (int i = 0; i < n; i++) {
            int k = ink(cmyk, i, 3, invert);
            for (int ch = 0; ch < 3; ch++) {
                rgb[i * 3 + ch] = (byte) ((255 - ink(cmyk, i, ch, invert)) * (255 - k) / 255);
            }
        }
        return new PixelBuffer(rgb, cmyk.width(), cmyk.height(), PixelFormat.RGB);
    }

    private static int ink(PixelBuffer cmyk, int pixel, int channel, boolean invert) {
        int v = cmyk.data()[pixel * 4 + channel] & 0xFF;
        return invert ? 255 - v : v;
    }
}
