package dev.thumbd.resizer.codec.avif;

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

class AvifCodecTest {

    private final Scratch scratch = new Scratch();

    @AfterEach
    void close() {
        scratch.close();
    }

    @Test
    void decodesPhotosAtTheirSize() {
        LibAvifDecoder dec = new LibAvifDecoder(NativeCodecs.libAvif());
        PixelBuffer a = dec.decode(TestImages.bytes("photo-1536x1024.avif"), 1, scratch);
        assertThat(a.width()).isEqualTo(1536);
        assertThat(a.height()).isEqualTo(1024);
        assertThat(a.format()).isEqualTo(PixelFormat.RGB);
        PixelBuffer p = dec.decode(TestImages.bytes("edge/pitm.avif"), 1, scratch);
        assertThat(p.width()).isPositive();
    }

    @Test
    void roundTripsRgbAndRgbaCloseToTheInput() {
        LibAvif avif = NativeCodecs.libAvif();
        for (PixelFormat f : new PixelFormat[] {PixelFormat.RGB, PixelFormat.RGBA}) {
            PixelBuffer img = gradient(64, 48, f);
            byte[] original = Arrays.copyOf(img.data(), img.byteLength());
            byte[] file = new LibAvifEncoder(avif).encode(img, new EncodeOptions(80, 8, false,
                    dev.thumbd.resizer.codec.ChromaSubsampling.S444, 1), scratch);
            assertThat(new String(file, 4, 8, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("ftypavif");
            try (Scratch other = new Scratch()) {
                PixelBuffer back = new LibAvifDecoder(avif).decode(file, 1, other);
                assertThat(back.width()).isEqualTo(64);
                assertThat(back.format()).isEqualTo(f);
                long diff = 0;
                for (int i = 0; i < original.length; i++) {
                    diff += Math.abs((original[i] & 0xFF) - (back.data()[i] & 0xFF));
                }
                assertThat((double) diff / original.length).as(f.toString()).isLessThan(4.0);
            }
        }
    }

    @Test
    void quantizerFollowsLibavifsQualityMapping() {
        assertThat(LibAvifEncoder.quantizer(100)).isZero();
        assertThat(LibAvifEncoder.quantizer(50)).isEqualTo(32);
        assertThat(LibAvifEncoder.quantizer(1)).isEqualTo(62);
    }

    /**
     * The attack: an AVIF coded at one size whose {@code ispe} says a much smaller one is priced and admitted as the
     * small image; the decoder is held to what the header declares, so the larger frame is refused before libavif
     * and dav1d allocate it (with the limit at the default maximum it decoded at full size).
     */
    @Test
    void aStreamLargerThanItsHeaderSaysIsRefused() {
        byte[] file = new LibAvifEncoder(NativeCodecs.libAvif()).encode(gradient(256, 192, PixelFormat.RGB),
                new EncodeOptions(60, 8, false, dev.thumbd.resizer.codec.ChromaSubsampling.S420, 1), scratch);
        int ispe = indexOf(file, "ispe".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(file);
        assertThat(b.getInt(ispe + 8)).as("ispe width").isEqualTo(256);
        b.putInt(ispe + 8, 64).putInt(ispe + 12, 48);
        assertThat(dev.thumbd.resizer.probe.HeaderProbe.declaredFramePixels(file)).isEqualTo(64 * 48);
        assertThatThrownBy(() -> new LibAvifDecoder(NativeCodecs.libAvif()).decode(file, 1, scratch))
                .isInstanceOf(ProblemException.class);
    }

    private static int indexOf(byte[] a, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= a.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (a[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    @Test
    void truncatedAvifIsCorrupt() {
        byte[] src = TestImages.bytes("edge/pitm.avif");
        byte[] t = Arrays.copyOf(src, src.length / 2);
        assertThatThrownBy(() -> new LibAvifDecoder(NativeCodecs.libAvif()).decode(t, 1, scratch))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.type()).isEqualTo(ProblemType.CORRUPT_IMAGE));
    }

    private static PixelBuffer gradient(int w, int h, PixelFormat f) {
        int c = f.channels();
        byte[] d = new byte[w * h * c];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int k = 0; k < c; k++) {
                    d[(y * w + x) * c + k] = (byte) (k == 3 ? 255 - x : x * 3 + y * 2 + k * 20);
                }
            }
        }
        return new PixelBuffer(d, w, h, f);
    }
}
