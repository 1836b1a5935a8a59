package dev.thumbd.resizer.codec.png;

import static dev.thumbd.resizer.codec.Pixels.meanAbsDiff;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** PNG is lossless: every encoder's output must decode, with either decoder, to exactly the source pixels. */
class PngRoundTripTest {

    private static final byte[] MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private final Scratch scratch = new Scratch();

    @AfterEach
    void tearDown() {
        scratch.close();
    }

    static Stream<Arguments> encodersAndFormats() {
        Supplier<Encoder> libpng = () -> new LibPngEncoder(NativeCodecs.libPng());
        Supplier<Encoder> imageIo = ImageIoPngEncoder::new;
        return Stream.of(PixelFormat.GRAY, PixelFormat.GRAY_ALPHA, PixelFormat.RGB, PixelFormat.RGBA)
                .flatMap(f -> Stream.of(0, 6, 9).flatMap(effort -> Stream.of(
                        Arguments.of("libpng", libpng, f, effort), Arguments.of("ImageIO", imageIo, f, effort))));
    }

    @ParameterizedTest(name = "{0} {2} effort {3}")
    @MethodSource("encodersAndFormats")
    void encodesLosslessly(String name, Supplier<Encoder> encoder, PixelFormat format, int effort) {
        PixelBuffer source = Pixels.synthetic(257, 131, format);
        EncodeOptions options =
                new EncodeOptions(100, effort, false, EncodeOptions.defaults(ImageFormat.PNG).chroma(), 1);

        byte[] png = encoder.get().encode(source, options, scratch);

        assertThat(png).startsWith(MAGIC);
        for (Decoder decoder : new Decoder[] {new LibPngDecoder(NativeCodecs.libPng()), new ImageIoPngDecoder()}) {
            PixelBuffer decoded = decoder.decode(png, 1, scratch);
            assertThat(decoded.format()).as(decoder.implementation()).isEqualTo(format);
            assertThat(meanAbsDiff(decoded, source)).as(decoder.implementation()).isZero();
        }
    }

    @Test
    void realPhotoWithAlphaRoundTripsExactly() {
        LibPng libPng = NativeCodecs.libPng();
        PixelBuffer photo = Pixels.copy(new LibPngDecoder(libPng)
                .decode(TestImages.bytes("rgba-576x384.png"), 1, scratch));

        byte[] png = new LibPngEncoder(libPng).encode(photo, EncodeOptions.defaults(ImageFormat.PNG), scratch);
        byte[] fast = new LibPngEncoder(libPng)
                .encode(photo, new EncodeOptions(100, 1, false, EncodeOptions.defaults(ImageFormat.PNG).chroma(), 1),
                        scratch);

        assertThat(meanAbsDiff(new LibPngDecoder(libPng).decode(png, 1, scratch), photo)).isZero();
        assertThat(meanAbsDiff(new LibPngDecoder(libPng).decode(fast, 1, scratch), photo)).isZero();
        assertThat(png.length).isLessThan(photo.byteLength());
    }

    @Test
    void interlacedFallbackOutputDecodes() {
        PixelBuffer source = Pixels.synthetic(33, 17, PixelFormat.RGBA);
        byte[] png = new ImageIoPngEncoder().encode(source,
                new EncodeOptions(100, 6, true, EncodeOptions.defaults(ImageFormat.PNG).chroma(), 1), scratch);

        assertThat(png[28]).as("IHDR interlace method").isEqualTo((byte) 1);
        assertThat(meanAbsDiff(new LibPngDecoder(NativeCodecs.libPng()).decode(png, 1, scratch), source)).isZero();
    }
}
