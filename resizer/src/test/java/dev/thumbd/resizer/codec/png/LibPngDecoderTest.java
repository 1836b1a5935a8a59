package dev.thumbd.resizer.codec.png;

import static dev.thumbd.resizer.codec.Pixels.meanAbsDiff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.codec.Decoder;
import dev.thumbd.resizer.codec.NativeCodecs;
import dev.thumbd.resizer.codec.Pixels;
import dev.thumbd.resizer.fixture.TestImages;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.image.Scratch;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class LibPngDecoderTest {

    private final Scratch scratch = new Scratch();

    @AfterEach
    void tearDown() {
        scratch.close();
    }

    static Stream<String> pngSuite() {
        return TestImages.edge().stream().map(TestImages.Entry::file).filter(f -> f.contains("/pngsuite/"));
    }

    @ParameterizedTest
    @MethodSource("pngSuite")
    void everyValidPngSuiteImageDecodesToTheLayoutOfItsHeader(String file) {
        byte[] png = TestImages.bytes(file);
        PixelBuffer image = new LibPngDecoder(NativeCodecs.libPng()).decode(png, 1, scratch);

        assertThat(image.width()).isEqualTo(ihdrInt(png, 16));
        assertThat(image.height()).isEqualTo(ihdrInt(png, 20));
        assertThat(image.format()).isEqualTo(expectedFormat(png));
    }

    @ParameterizedTest
    @MethodSource("pngSuite")
    void theFallbackDecodesEveryValidPngSuiteImageToo(String file) {
        byte[] png = TestImages.bytes(file);
        PixelBuffer image = new ImageIoPngDecoder().decode(png, 1, scratch);

        assertThat(image.width()).isEqualTo(ihdrInt(png, 16));
        assertThat(image.height()).isEqualTo(ihdrInt(png, 20));
    }

    /** Files without gAMA: the JDK reader ignores gamma, libpng converts to sRGB, so only these must agree. */
    @ParameterizedTest
    @ValueSource(strings = {"alpha-2048x1536.png", "rgba-576x384.png", "rgb16-290x442.png",
            "edge/grey16-alpha.png"})
    void nativeAndFallbackAgree(String file) {
        byte[] png = TestImages.bytes(file);
        PixelBuffer ours = Pixels.copy(new LibPngDecoder(NativeCodecs.libPng()).decode(png, 1, scratch));
        PixelBuffer fallback = new ImageIoPngDecoder().decode(png, 1, scratch);

        assertThat(meanAbsDiff(ours, fallback)).isLessThan(0.5);
    }

    @Test
    void linearGammaIsConvertedToSrgb() {
        // basn0g08: an 8-bit grey ramp with gAMA 1.0 (linear samples).
        byte[] png = TestImages.bytes("edge/pngsuite/basn0g08.png");
        PixelBuffer srgb = Pixels.copy(new LibPngDecoder(NativeCodecs.libPng()).decode(png, 1, scratch));
        PixelBuffer linear = new ImageIoPngDecoder().decode(png, 1, scratch);

        byte[] expected = new byte[linear.byteLength()];
        for (int i = 0; i < expected.length; i++) {
            double v = (linear.data()[i] & 0xFF) / 255.0;
            double encoded = v <= 0.0031308 ? 12.92 * v : 1.055 * Math.pow(v, 1 / 2.4) - 0.055;
            expected[i] = (byte) Math.round(255 * encoded);
        }
        PixelBuffer reference = new PixelBuffer(expected, linear.width(), linear.height(), linear.format());
        assertThat(meanAbsDiff(srgb, reference)).isLessThan(1.5);
        assertThat(meanAbsDiff(srgb, linear)).isGreaterThan(10.0);
    }

    @Test
    void sixteenBitGreyAlphaBecomesEightBitGreyAlpha() {
        PixelBuffer image = new LibPngDecoder(NativeCodecs.libPng())
                .decode(TestImages.bytes("edge/grey16-alpha.png"), 1, scratch);

        assertThat(image.format()).isEqualTo(PixelFormat.GRAY_ALPHA);
    }

    static Stream<String> badPngs() {
        return TestImages.bad().stream().map(TestImages.Entry::file)
                .filter(f -> f.endsWith(".png") && !f.contains("65536"));
    }

    @ParameterizedTest
    @MethodSource("badPngs")
    void brokenFilesAreCorruptImagesForBothDecoders(String file) {
        byte[] png = TestImages.bytes(file);
        for (Decoder decoder : new Decoder[] {new LibPngDecoder(NativeCodecs.libPng()), new ImageIoPngDecoder()}) {
            assertThatThrownBy(() -> decoder.decode(png, 1, scratch))
                    .as(decoder.implementation())
                    .isInstanceOfSatisfying(ProblemException.class,
                            e -> assertThat(e.type()).isEqualTo(ProblemType.CORRUPT_IMAGE))
                    .hasMessage("The PNG image is broken or truncated");
        }
        assertThat(new LibPngDecoder(NativeCodecs.libPng())
                .decode(TestImages.bytes("edge/pngsuite/basn2c08.png"), 1, scratch).width()).isEqualTo(32);
    }

    @Test
    void dimensionsBeyondMemoryAreRefusedBeforeAllocating() {
        byte[] png = TestImages.bytes("bad/png-65536x65536-uint32.png");
        assertThatThrownBy(() -> new LibPngDecoder(NativeCodecs.libPng()).decode(png, 1, scratch))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.type()).isIn(ProblemType.IMAGE_TOO_LARGE, ProblemType.CORRUPT_IMAGE));
        assertThat(scratch.retainedBytes()).isLessThan(1L << 20);
    }

    private static int ihdrInt(byte[] png, int offset) {
        return ByteBuffer.wrap(png, offset, 4).getInt();
    }

    /** Colour type (IHDR byte 25) plus tRNS, as libpng's simplified API lays them out in 8 bits. */
    private static PixelFormat expectedFormat(byte[] png) {
        boolean trns = new String(png, StandardCharsets.ISO_8859_1).contains("tRNS");
        return switch (png[25]) {
            case 0 -> trns ? PixelFormat.GRAY_ALPHA : PixelFormat.GRAY;
            case 2, 3 -> trns ? PixelFormat.RGBA : PixelFormat.RGB;
            case 4 -> PixelFormat.GRAY_ALPHA;
            case 6 -> PixelFormat.RGBA;
            default -> throw new AssertionError("colour type " + png[25]);
        };
    }
}
