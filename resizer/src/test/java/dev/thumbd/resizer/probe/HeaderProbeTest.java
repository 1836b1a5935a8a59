package dev.thumbd.resizer.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.fixture.TestImages;
import dev.thumbd.spec.ImageFormat;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HeaderProbeTest {

    private static final ProbeLimits LIMITS = ProbeLimits.defaults();

    private static ImageHeader probe(String file) {
        return HeaderProbe.probe(TestImages.bytes(file), LIMITS);
    }

    /**
     * The attack: a small image carrying an ICC profile of tens of megabytes, which every render copied and parsed
     * on the heap (and the profile cache kept) until the resizer ran out of memory. Profiles over
     * {@link ImageHeader#MAX_ICC_BYTES} are ignored from the header on; ones under it are kept.
     */
    @Test
    void anEmbeddedProfileOverTheCapIsIgnored() {
        byte[] jpeg = TestImages.bytes("photo-600x450.jpg");
        assertThat(HeaderProbe.probe(withIccSegments(jpeg, 2), LIMITS).iccProfile()).as("two 60 KB segments")
                .hasSize(2 * 60_000);
        int over = ImageHeader.MAX_ICC_BYTES / 60_000 + 1;
        assertThat(HeaderProbe.probe(withIccSegments(jpeg, over), LIMITS).iccProfile())
                .as("%d segments of 60 KB", over).isNull();
        assertThat(new ImageHeader(ImageFormat.WEBP, 16, 16, 1, false, 1, 8, false,
                new byte[ImageHeader.MAX_ICC_BYTES + 1]).iccProfile()).as("any format's profile over the cap").isNull();
    }

    /** {@code jpeg} with {@code n} APP2 ICC_PROFILE segments of 60,000 bytes of profile each after its SOI. */
    private static byte[] withIccSegments(byte[] jpeg, int n) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        for (int i = 0; i < n; i++) {
            int length = 2 + 14 + 60_000;
            out.write(0xFF);
            out.write(0xE2);
            out.write(length >> 8);
            out.write(length & 0xFF);
            out.writeBytes("ICC_PROFILE\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(i + 1);
            out.write(n);
            out.writeBytes(new byte[60_000]);
        }
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    @Test
    void everyBenchmarkPhotoHasTheSizeItsManifestSays() {
        for (TestImages.Entry e : TestImages.photos()) {
            String name = e.file();
            String[] wh = name.replaceAll(".*-(\\d+x\\d+)\\..*", "$1").split("x");
            ImageHeader h = probe(name);
            assertThat(h.width()).as(name).isEqualTo(Integer.parseInt(wh[0]));
            assertThat(h.height()).as(name).isEqualTo(Integer.parseInt(wh[1]));
            assertThat(h.format().extension()).as(name).isEqualTo(name.endsWith(".jpg") ? "jpg"
                    : name.substring(name.lastIndexOf('.') + 1));
        }
        assertThat(probe("photo-p3-orientation6-4032x3024.jpg").orientation()).isEqualTo(6);
        assertThat(probe("alpha-2048x1536.png").alpha()).isTrue();
        assertThat(probe("rgb16-290x442.png").bitDepth()).isEqualTo(16);
        assertThat(probe("photo-1920x1080.jpg").alpha()).isFalse();
    }

    @Test
    void exifOrientationOfEveryExample() {
        for (int n = 1; n <= 8; n++) {
            for (String kind : List.of("Landscape", "Portrait")) {
                ImageHeader h = probe("edge/orientation/" + kind + "_" + n + ".jpg");
                assertThat(h.orientation()).as(kind + "_" + n).isEqualTo(n);
                boolean landscape = h.orientedWidth() > h.orientedHeight();
                assertThat(landscape).as(kind + "_" + n + " displayed shape").isEqualTo(kind.equals("Landscape"));
            }
        }
    }

    @Test
    void edgeFilesHaveTheirFacts() {
        // Stored upright (150x200) with no irot/imir and no Exif: nothing to apply.
        ImageHeader portrait = probe("edge/portrait-upright.avif");
        assertThat(portrait.orientation()).isEqualTo(1);
        assertThat(portrait.orientedWidth()).isLessThan(portrait.orientedHeight());
        assertThat(probe("edge/portrait-upright.avif").format()).isEqualTo(ImageFormat.AVIF);
        assertThat(probe("edge/pitm.avif").width()).isPositive();
        assertThat(probe("edge/animated.gif").frames()).isGreaterThan(1);
        assertThat(probe("edge/animated.webp").frames()).isGreaterThan(1);
        assertThat(probe("edge/cmyk-profile.jpg").cmyk()).isTrue();
        assertThat(probe("edge/cmyk-profile.jpg").iccProfile()).isNotNull();
        assertThat(probe("edge/cmyk-no-profile.jpg").iccProfile()).isNull();
        assertThat(probe("edge/full-transparent.png").alpha()).isTrue();
        assertThat(probe("edge/grey16-alpha.png").alpha()).isTrue();
        assertThat(probe("edge/grey16-alpha.png").bitDepth()).isEqualTo(16);
        assertThat(probe("edge/looks-like-svg.webp").format()).isEqualTo(ImageFormat.WEBP);
        assertThat(probe("edge/grey-alpha.gif").format()).isEqualTo(ImageFormat.GIF);
        for (TestImages.Entry e : TestImages.edge()) {
            ImageHeader h = probe(e.file());
            assertThat(h.width()).as(e.file()).isPositive();
            assertThat(h.height()).as(e.file()).isPositive();
        }
    }

    @Test
    void bombsAreRefusedBeforeDecoding() {
        for (String f : List.of("bad/giant-20000x14000.jpg", "bad/png-65536x65536-uint32.png",
                "bad/avif-17000x17000.avif")) {
            assertThatThrownBy(() -> probe(f)).as(f).isInstanceOfSatisfying(ProblemException.class,
                    e -> assertThat(e.type()).isEqualTo(ProblemType.IMAGE_TOO_LARGE));
        }
        assertThatThrownBy(() -> probe("bad/giant-20000x14000.jpg")).hasMessageContaining("280.0 MP");
    }

    @Test
    void badFilesGetTheStatusTheirManifestAllows() {
        for (TestImages.Entry e : TestImages.bad()) {
            try {
                probe(e.file());
                // The probe may pass files whose damage only the decoder can see.
                assertThat(e.expected()).as(e.file()).doesNotStartWith("415");
            } catch (ProblemException p) {
                String status = String.valueOf(p.type().status());
                boolean allowed = e.expected().startsWith("4xx") || e.expected().contains(status);
                assertThat(allowed).as(e.file() + ": " + status + " vs " + e.expected()).isTrue();
            }
        }
        assertThatThrownBy(() -> probe("bad/svg-input.svg")).hasMessageContaining("not a JPEG, PNG, WebP, AVIF");
    }

    @Test
    void sourceOverTheByteLimitIs413() {
        assertThatThrownBy(() -> HeaderProbe.probe(new byte[100], new ProbeLimits(10, 100, 10)))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.type()).isEqualTo(ProblemType.SOURCE_TOO_LARGE));
        assertThatThrownBy(() -> HeaderProbe.probe(new byte[0], LIMITS))
                .hasMessageContaining("empty");
    }

    @Test
    void truncatedAndMutatedHeadersOnlyEverGiveProblems() {
        List<String> files = List.of("photo-600x450.jpg", "rgba-576x384.png",
                "photo-550x368.webp", "photo-1536x1024.avif", "edge/animated.gif", "edge/animated.webp",
                "edge/pitm.avif", "edge/cmyk-profile.jpg");
        Random rnd = new Random(2026);
        for (String f : files) {
            byte[] data = TestImages.bytes(f);
            for (int cut = 0; cut < Math.min(2048, data.length); cut++) {
                survive(Arrays.copyOf(data, cut), f + " cut at " + cut);
            }
            for (int round = 0; round < 2000; round++) {
                byte[] m = Arrays.copyOf(data, Math.min(data.length, 4096));
                for (int k = 0; k < 1 + rnd.nextInt(4); k++) {
                    m[rnd.nextInt(Math.min(m.length, 512))] = (byte) rnd.nextInt(256);
                }
                survive(m, f + " mutation " + round);
            }
        }
    }

    private static void survive(byte[] data, String what) {
        try {
            HeaderProbe.probe(data, LIMITS);
        } catch (ProblemException expected) {
            assertThat(expected.type().status()).as(what).isBetween(400, 499);
        } catch (RuntimeException e) {
            fail(what + " threw " + e, e);
        }
    }
}
