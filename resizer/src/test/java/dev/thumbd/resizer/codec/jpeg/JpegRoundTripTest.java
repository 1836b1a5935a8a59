package dev.thumbd.resizer.codec.jpeg;

import static dev.thumbd.resizer.codec.Pixels.meanAbsDiff;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.codec.ChromaSubsampling;
import dev.thumbd.resizer.codec.Decoder;
import dev.thumbd.resizer.codec.EncodeOptions;
import dev.thumbd.resizer.codec.Encoder;
import dev.thumbd.resizer.codec.NativeCodecs;
import dev.thumbd.resizer.codec.Pixels;
import dev.thumbd.resizer.fixture.TestImages;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.spec.ImageFormat;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Both JPEG encoders and both decoders, against each other and against the source pixels. */
class JpegRoundTripTest {

    private static final EncodeOptions Q90 = EncodeOptions.defaults(ImageFormat.JPEG).withQuality(90);

    private final Scratch scratch = new Scratch();

    @AfterEach
    void tearDown() {
        scratch.close();
    }

    static Stream<Arguments> encodersAndFormats() {
        Supplier<Encoder> turbo = () -> new TurboJpegEncoder(NativeCodecs.turboJpeg());
        Supplier<Encoder> imageIo = ImageIoJpegEncoder::new;
        return Stream.of(PixelFormat.RGB, PixelFormat.RGBA, PixelFormat.GRAY, PixelFormat.GRAY_ALPHA)
                .flatMap(f -> Stream.of(Arguments.of("TurboJPEG", turbo, f), Arguments.of("ImageIO", imageIo, f)));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("encodersAndFormats")
    void encodedPixelsDecodeBackClose(String name, Supplier<Encoder> encoder, PixelFormat format) {
        PixelBuffer source = Pixels.synthetic(301, 203, format);

        byte[] jpeg = encoder.get().encode(source, Q90, scratch);
        PixelBuffer decoded = new ImageIoJpegDecoder().decode(jpeg, 1, scratch);

        assertThat(jpeg).startsWith(0xFF, 0xD8, 0xFF);
        assertThat(jpeg[jpeg.length - 2] & 0xFF).isEqualTo(0xFF);
        assertThat(jpeg[jpeg.length - 1] & 0xFF).isEqualTo(0xD9);
        assertThat(meanAbsDiff(decoded, Pixels.withoutAlpha(source))).isLessThan(2.5);
    }

    @Test
    void realPhotoSurvivesAndQualityMatters() {
        TurboJpeg turbo = NativeCodecs.turboJpeg();
        PixelBuffer photo = Pixels.copy(new TurboJpegDecoder(turbo)
                .decode(TestImages.bytes("photo-600x450.jpg"), 1, scratch));
        TurboJpegEncoder encoder = new TurboJpegEncoder(turbo);
        EncodeOptions q80 = EncodeOptions.defaults(ImageFormat.JPEG);

        byte[] low = encoder.encode(photo, q80.withQuality(40), scratch);
        double lowDiff = meanAbsDiff(new TurboJpegDecoder(turbo).decode(low, 1, scratch), photo);
        byte[] high = encoder.encode(photo, q80, scratch);
        double highDiff = meanAbsDiff(new TurboJpegDecoder(turbo).decode(high, 1, scratch), photo);

        assertThat(highDiff).isLessThan(6.0).isLessThan(lowDiff);
        assertThat(high.length).isGreaterThan(low.length);
    }

    @ParameterizedTest
    @EnumSource(ChromaSubsampling.class)
    void chromaAndProgressiveOptionsReachTheFile(ChromaSubsampling chroma) {
        TurboJpeg turbo = NativeCodecs.turboJpeg();
        PixelBuffer source = Pixels.synthetic(128, 96, PixelFormat.RGB);
        for (boolean progressive : new boolean[] {false, true}) {
            EncodeOptions options = new EncodeOptions(85, 0, progressive, chroma, 1);
            for (Encoder encoder : new Encoder[] {new TurboJpegEncoder(turbo), new ImageIoJpegEncoder()}) {
                byte[] jpeg = encoder.encode(source, options, scratch);
                assertThat(subsampling(turbo, jpeg)).as(encoder.implementation())
                        .isEqualTo(chroma == ChromaSubsampling.S444 ? TurboJpeg.TJSAMP_444 : TurboJpeg.TJSAMP_420);
                assertThat(hasMarker(jpeg, 0xC2)).as("SOF2 (progressive) in " + encoder.implementation())
                        .isEqualTo(progressive);
            }
        }
    }

    static Stream<String> photos() {
        return Stream.of("photo-600x450.jpg", "photo-1920x1080.jpg", "edge/gain-map.jpg",
                "edge/orientation/Portrait_6.jpg");
    }

    @ParameterizedTest
    @MethodSource("photos")
    void nativeAndFallbackDecodersAgree(String file) {
        byte[] jpeg = TestImages.bytes(file);
        Decoder turbo = new TurboJpegDecoder(NativeCodecs.turboJpeg());
        PixelBuffer ours = Pixels.copy(turbo.decode(jpeg, 1, scratch));
        PixelBuffer fallback = new ImageIoJpegDecoder().decode(jpeg, 4, scratch);

        assertThat(meanAbsDiff(ours, fallback)).isLessThan(1.5);
    }

    static Stream<String> badJpegs() {
        return TurboJpegDecoderTest.badJpegs();
    }

    @ParameterizedTest
    @MethodSource("badJpegs")
    void fallbackDecoderIsStrictToo(String file) {
        byte[] jpeg = TestImages.bytes(file);
        assertThatThrownBy(() -> new ImageIoJpegDecoder().decode(jpeg, 1, scratch))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.type()).isEqualTo(ProblemType.CORRUPT_IMAGE));
    }

    private static int subsampling(TurboJpeg turbo, byte[] jpeg) {
        MemorySegment handle = turbo.initDecompress();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment src = arena.allocate(jpeg.length);
            MemorySegment.copy(jpeg, 0, src, JAVA_BYTE, 0, jpeg.length);
            MemorySegment out = arena.allocate(16);
            assertThat(turbo.decompressHeader(handle, src, jpeg.length, out)).isZero();
            return out.get(JAVA_INT, 8);
        } finally {
            turbo.destroy(handle);
        }
    }

    private static boolean hasMarker(byte[] jpeg, int marker) {
        for (int i = 0; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == marker) {
                return true;
            }
        }
        return false;
    }
}
