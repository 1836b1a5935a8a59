package dev.thumbd.resizer.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.codec.Pixels;
import dev.thumbd.resizer.fixture.HeifFiles;
import dev.thumbd.resizer.fixture.PngBytes;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.spec.ImageFormat;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The HEIC header: brands, the primary item's size, and hostile files refused before any decode. */
class HeifHeaderTest {

    private static final ProbeLimits LIMITS = ProbeLimits.defaults();

    private static byte[] heic(int w, int h, PixelFormat f) {
        return HeifFiles.encode(PngBytes.encode(Pixels.synthetic(w, h, f)), "png", "-q", "80");
    }

    private static ProblemType refusal(byte[] file) {
        try {
            HeaderProbe.probe(file, LIMITS);
        } catch (ProblemException e) {
            return e.type();
        }
        throw new AssertionError("not refused");
    }

    @Test
    void heifEncFilesAreHeicOfTheirSizeWithTheirAlpha() {
        ImageHeader h = HeaderProbe.probe(heic(101, 61, PixelFormat.RGB), LIMITS);
        assertThat(h.format()).isEqualTo(ImageFormat.HEIC);
        assertThat(h.width()).isEqualTo(101);
        assertThat(h.height()).isEqualTo(61);
        assertThat(h.alpha()).isFalse();
        assertThat(h.orientation()).isEqualTo(1);
        assertThat(HeaderProbe.probe(heic(64, 48, PixelFormat.RGBA), LIMITS).alpha()).isTrue();
    }

    @Test
    void heifBrandsAreHeicAndAvifStaysAvif() {
        for (String brand : new String[] {"heic", "heix", "mif1", "heim", "heis", "hevc"}) {
            byte[] ftyp = ftyp(brand, "mif1");
            assertThat(HeaderProbe.sniff(ftyp)).as(brand).isEqualTo(ImageFormat.HEIC);
        }
        assertThat(HeaderProbe.sniff(ftyp("mif1", "avif"))).isEqualTo(ImageFormat.AVIF);
        assertThatThrownBy(() -> HeaderProbe.sniff(ftyp("isom", "mp41")))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.type()).isEqualTo(ProblemType.UNSUPPORTED_FORMAT));
    }

    @Test
    void aPrimaryItemOf60000By60000IsTooLarge() {
        // heif-enc codes 96x64 as one HEVC item
        byte[] huge = HeifFiles.withPrimarySize(heic(96, 64, PixelFormat.RGB), 60000, 60000);
        assertThat(refusal(huge)).isEqualTo(ProblemType.IMAGE_TOO_LARGE);
        byte[] overflowing = HeifFiles.withPrimarySize(heic(96, 64, PixelFormat.RGB), 0xFFFFFFFFL, 0xFFFFFFFFL);
        assertThat(refusal(overflowing)).isEqualTo(ProblemType.CORRUPT_IMAGE);
    }

    @Test
    void aGridWhoseIspeDisagreesWithItsDescriptorIsCorrupt() {
        // heif-enc codes 64x48 as a grid of one tile (its descriptor in idat says 64x48)
        byte[] file = heic(64, 48, PixelFormat.RGB);
        assertThat(HeaderProbe.probe(file, LIMITS).width()).isEqualTo(64);
        assertThat(refusal(HeifFiles.withPrimarySize(file, 60000, 60000))).isEqualTo(ProblemType.CORRUPT_IMAGE);
    }

    @Test
    void garbageAfterAHeicFtypIsCorrupt() {
        byte[] file = ftyp("heic", "mif1");
        byte[] garbage = Arrays.copyOf(file, file.length + 4096);
        new Random(7).ints(4096).forEach(new java.util.function.IntConsumer() {
            int at = file.length;

            @Override
            public void accept(int v) {
                garbage[at++] = (byte) v;
            }
        });
        assertThat(refusal(garbage)).isEqualTo(ProblemType.CORRUPT_IMAGE);
        assertThat(refusal(file)).isEqualTo(ProblemType.CORRUPT_IMAGE);
    }

    @Test
    void aHeicCutInsideItsMetaBoxIsCorrupt() {
        byte[] file = heic(64, 48, PixelFormat.RGB);
        for (int cut = 24; cut < 200; cut += 7) {
            assertThat(refusal(Arrays.copyOf(file, cut))).as("cut at %d", cut).isEqualTo(ProblemType.CORRUPT_IMAGE);
        }
    }

    @Test
    void aHeicCutInItsCodedDataStillProbesForTheDecoderToRefuse() {
        byte[] file = heic(64, 48, PixelFormat.RGB);
        ImageHeader h = HeaderProbe.probe(Arrays.copyOf(file, file.length - 50), LIMITS);
        assertThat(h.width()).isEqualTo(64);
    }

    private static byte[] ftyp(String major, String compatible) {
        byte[] b = new byte[24];
        b[3] = 24;
        System.arraycopy(("ftyp" + major + "\0\0\0\0" + major + compatible).getBytes(StandardCharsets.US_ASCII), 0,
                b, 4, 20);
        return b;
    }
}
