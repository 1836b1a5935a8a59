package dev.thumbd.resizer.codec.heif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.codec.Codecs;
import dev.thumbd.resizer.codec.NativeCodecs;
import dev.thumbd.resizer.codec.Pixels;
import dev.thumbd.resizer.fixture.HeifFiles;
import dev.thumbd.resizer.fixture.PngBytes;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.spec.ImageFormat;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** libheif through FFM on HEIC files heif-enc makes from PNGs built here. */
class HeifCodecTest {

    private final Scratch scratch = new Scratch();

    @AfterEach
    void close() {
        scratch.close();
    }

    private static byte[] heic(PixelBuffer pixels) {
        return HeifFiles.encode(PngBytes.encode(pixels), "png", "-q", "95");
    }

    @Test
    void decodesAtItsSizeCloseToTheSource() {
        PixelBuffer source = Pixels.synthetic(96, 64, PixelFormat.RGB);
        PixelBuffer back = new LibHeifDecoder(NativeCodecs.libHeif()).decode(heic(source), 1, scratch);
        assertThat(back.width()).isEqualTo(96);
        assertThat(back.height()).isEqualTo(64);
        assertThat(back.format()).isEqualTo(PixelFormat.RGB);
        assertThat(Pixels.meanAbsDiff(source, back)).isLessThan(4.0);
    }

    @Test
    void oddSizesAreKept() {
        PixelBuffer source = Pixels.synthetic(101, 61, PixelFormat.RGB);
        PixelBuffer back = new LibHeifDecoder(NativeCodecs.libHeif()).decode(heic(source), 1, scratch);
        assertThat(back.width()).isEqualTo(101);
        assertThat(back.height()).isEqualTo(61);
        assertThat(Pixels.meanAbsDiff(source, back)).isLessThan(4.0);
    }

    @Test
    void alphaComesBackAsRgba() {
        PixelBuffer source = Pixels.synthetic(64, 48, PixelFormat.RGBA);
        PixelBuffer back = new LibHeifDecoder(NativeCodecs.libHeif()).decode(heic(source), 1, scratch);
        assertThat(back.format()).isEqualTo(PixelFormat.RGBA);
        long alphaDiff = 0;
        for (int i = 3; i < source.byteLength(); i += 4) {
            alphaDiff += Math.abs((source.data()[i] & 0xFF) - (back.data()[i] & 0xFF));
        }
        assertThat((double) alphaDiff / (64 * 48)).isLessThan(4.0);
        assertThat(Pixels.meanAbsDiff(source, back)).isLessThan(6.0);
    }

    @Test
    void truncatedCodedDataIsCorrupt() {
        byte[] file = heic(Pixels.synthetic(96, 64, PixelFormat.RGB));
        byte[] cut = Arrays.copyOf(file, file.length - 40);
        assertThatThrownBy(() -> new LibHeifDecoder(NativeCodecs.libHeif()).decode(cut, 1, scratch))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.type()).isEqualTo(ProblemType.CORRUPT_IMAGE));
    }

    @Test
    void aHeaderThatUndersellsThePrimaryImageIsRefusedBeforeDecoding() {
        byte[] file = HeifFiles.withPrimarySize(heic(Pixels.synthetic(96, 64, PixelFormat.RGB)), 32, 32);
        assertThatThrownBy(() -> new LibHeifDecoder(NativeCodecs.libHeif()).decode(file, 1, scratch))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.type()).isEqualTo(ProblemType.CORRUPT_IMAGE));
    }

    @Test
    void theRegistryUsesLibheifForHeicAndSaysWhenItCannot() {
        NativeCodecs.libHeif();
        Codecs codecs = Codecs.detect(true);
        assertThat(codecs.decoder(ImageFormat.HEIC)).get().isInstanceOf(LibHeifDecoder.class);
        assertThat(codecs.report()).anyMatch(line -> line.startsWith("heic") && line.contains("libheif 1."));
        Codecs none = Codecs.detect(false);
        assertThat(none.decoder(ImageFormat.HEIC)).isEmpty();
        assertThat(none.whyUnavailable(ImageFormat.HEIC)).isEqualTo("native codecs disabled");
    }
}
