package dev.thumbd.resizer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.resizer.codec.NativeCodecs;
import dev.thumbd.resizer.fixture.HeifFiles;
import dev.thumbd.resizer.fixture.IccProfiles;
import dev.thumbd.resizer.fixture.JpegBytes;
import dev.thumbd.resizer.fixture.PngBytes;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.resizer.probe.HeaderProbe;
import dev.thumbd.resizer.probe.ImageHeader;
import dev.thumbd.resizer.probe.ProbeLimits;
import dev.thumbd.spec.ImageFormat;
import dev.thumbd.spec.QueryString;
import dev.thumbd.spec.ThumbnailSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HEIC sources through the whole engine: orientation from irot/imir applied once (by libheif), an EXIF tag ignored,
 * colour from nclx and ICC, alpha, and every output format. Files are made by heif-enc from images built here.
 */
class HeicPipelineTest {

    private static final int W = 96;
    private static final int H = 64;
    private static final int[] RED = {230, 30, 30};
    private static final int[] GREEN = {30, 200, 30};
    private static final int[] BLUE = {30, 30, 230};
    private static final int[] WHITE = {240, 240, 240};

    private final ThumbnailPipeline pipeline = ThumbnailPipeline.withDefaults();
    private final Scratch scratch = new Scratch();

    @BeforeEach
    void libheif() {
        NativeCodecs.libHeif();
    }

    @AfterEach
    void close() {
        scratch.close();
    }

    private Thumbnail run(byte[] source, String query) {
        Map<String, List<String>> q = QueryString.decode("src=x.heic&" + query);
        return pipeline.run(source, ThumbnailSpec.parse(q), FormatChooser.NO_NEGOTIATION, scratch);
    }

    /** Four flat quadrants: red top left, green top right, blue bottom left, white bottom right. */
    private static PixelBuffer quadrants() {
        byte[] d = new byte[W * H * 3];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int[] c = y < H / 2 ? (x < W / 2 ? RED : GREEN) : (x < W / 2 ? BLUE : WHITE);
                for (int k = 0; k < 3; k++) {
                    d[(y * W + x) * 3 + k] = (byte) c[k];
                }
            }
        }
        return new PixelBuffer(d, W, H, PixelFormat.RGB);
    }

    private static byte[] heic(byte[] png) {
        return HeifFiles.encode(png, "png", "-q", "95");
    }

    /** The pixel at the centre of the quadrant {@code (qx, qy)} of a decoded PNG thumbnail. */
    private static int[] quadrant(Thumbnail t, int qx, int qy) throws Exception {
        var image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(t.data()));
        int rgb = image.getRGB(image.getWidth() * (2 * qx + 1) / 4, image.getHeight() * (2 * qy + 1) / 4);
        return new int[] {(rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF};
    }

    private static void assertClose(int[] actual, int[] expected, int tolerance, String what) {
        for (int k = 0; k < 3; k++) {
            assertThat(Math.abs(actual[k] - expected[k])).as("%s: %s vs %s", what, Arrays.toString(actual),
                    Arrays.toString(expected)).isLessThanOrEqualTo(tolerance);
        }
    }

    @Test
    void anUnrotatedHeicKeepsItsQuadrants() throws Exception {
        Thumbnail t = run(heic(PngBytes.encode(quadrants())), "w=48&fmt=png");
        assertThat(t.width()).isEqualTo(48);
        assertThat(t.height()).isEqualTo(32);
        assertClose(quadrant(t, 0, 0), RED, 12, "top left");
        assertClose(quadrant(t, 1, 0), GREEN, 12, "top right");
        assertClose(quadrant(t, 0, 1), BLUE, 12, "bottom left");
        assertClose(quadrant(t, 1, 1), WHITE, 12, "bottom right");
    }

    @Test
    void aQuarterTurnAnticlockwiseIsAppliedOnce() throws Exception {
        byte[] rotated = HeifFiles.withTransforms(heic(PngBytes.encode(quadrants())), 1, -1);
        ImageHeader h = HeaderProbe.probe(rotated, ProbeLimits.defaults());
        assertThat(h.width()).isEqualTo(H);
        assertThat(h.height()).isEqualTo(W);
        assertThat(h.orientation()).isEqualTo(1);
        Thumbnail t = run(rotated, "w=32&fmt=png");
        assertThat(t.width()).isEqualTo(32);
        assertThat(t.height()).isEqualTo(48);
        // 90 degrees anticlockwise: the top edge becomes the left edge
        assertClose(quadrant(t, 0, 0), GREEN, 12, "top left");
        assertClose(quadrant(t, 0, 1), RED, 12, "bottom left");
        assertClose(quadrant(t, 1, 0), WHITE, 12, "top right");
        assertClose(quadrant(t, 1, 1), BLUE, 12, "bottom right");
    }

    @Test
    void aHalfTurnWithAMirrorIsAVerticalFlip() throws Exception {
        // irot 180 degrees, then imir 1 (left and right exchanged, as libheif and the current HEIF text read it):
        // together the top and bottom exchanged
        byte[] file = HeifFiles.withTransforms(heic(PngBytes.encode(quadrants())), 2, 1);
        Thumbnail t = run(file, "w=48&fmt=png");
        assertThat(t.height()).isEqualTo(32);
        assertClose(quadrant(t, 0, 0), BLUE, 12, "top left");
        assertClose(quadrant(t, 1, 0), WHITE, 12, "top right");
        assertClose(quadrant(t, 0, 1), RED, 12, "bottom left");
        assertClose(quadrant(t, 1, 1), GREEN, 12, "bottom right");
    }

    /**
     * heif-enc 1.15 copies a JPEG's EXIF block (orientation 6 here) into the HEIC as an Exif item and writes no irot.
     * HEIF readers take the orientation from irot/imir only, so the picture stays as stored; a camera file carries
     * both (irot and the same EXIF tag), and it turns once.
     */
    @Test
    void anExifOrientationInsideAHeicIsNotAppliedAgain() throws Exception {
        byte[] jpeg = JpegBytes.withSegment(JpegBytes.encode(quadrants(), 95), 0xE1, JpegBytes.exifOrientation(6));
        byte[] exifOnly = HeifFiles.encode(jpeg, "jpg", "-q", "95");
        Thumbnail t = run(exifOnly, "w=48&fmt=png");
        assertThat(t.width()).isEqualTo(48);
        assertThat(t.height()).isEqualTo(32);
        assertClose(quadrant(t, 0, 0), RED, 16, "top left");

        // as a phone writes it: irot 3 (90 degrees clockwise, what EXIF 6 means) and the EXIF tag 6
        Thumbnail camera = run(HeifFiles.withTransforms(exifOnly, 3, -1), "w=32&fmt=png");
        assertThat(camera.width()).isEqualTo(32);
        assertThat(camera.height()).isEqualTo(48);
        // 90 degrees clockwise: the left edge becomes the top edge
        assertClose(quadrant(camera, 0, 0), BLUE, 16, "top left");
        assertClose(quadrant(camera, 1, 0), RED, 16, "top right");
        assertClose(quadrant(camera, 1, 1), GREEN, 16, "bottom right");
    }

    /** sRGB red expressed in Display P3 is (234, 51, 35): with nclx primaries 12 it must come out as sRGB red. */
    @Test
    void nclxDisplayP3IsConvertedToSrgb() throws Exception {
        byte[] d = new byte[W * H * 3];
        for (int i = 0; i < d.length; i += 3) {
            d[i] = (byte) 234;
            d[i + 1] = 51;
            d[i + 2] = 35;
        }
        byte[] png = PngBytes.encode(new PixelBuffer(d, W, H, PixelFormat.RGB));
        byte[] plain = HeifFiles.encode(png, "png", "-q", "95");
        byte[] p3 = HeifFiles.withNclx(plain, 12, 13, 6);
        assertThat(HeaderProbe.probe(p3, ProbeLimits.defaults()).iccProfile()).isNotNull();
        assertClose(quadrant(run(p3, "w=48&fmt=png"), 0, 0), new int[] {255, 0, 0}, 12, "P3 -> sRGB");

        byte[] bt709 = HeifFiles.withNclx(plain, 1, 13, 6);
        assertThat(HeaderProbe.probe(bt709, ProbeLimits.defaults()).iccProfile()).isNull();
        assertClose(quadrant(run(bt709, "w=48&fmt=png"), 0, 0), new int[] {234, 51, 35}, 8, "sRGB kept");
    }

    @Test
    void anEmbeddedIccProfileIsConverted() throws Exception {
        byte[] d = new byte[W * H * 3];
        for (int i = 0; i < d.length; i += 3) {
            d[i] = (byte) 234;
            d[i + 1] = 51;
            d[i + 2] = 35;
        }
        byte[] jpeg = JpegBytes.withSegment(JpegBytes.encode(new PixelBuffer(d, W, H, PixelFormat.RGB), 95), 0xE2,
                JpegBytes.iccPayload(IccProfiles.displayP3()));
        byte[] file = HeifFiles.encode(jpeg, "jpg", "-q", "95");
        assertThat(HeaderProbe.probe(file, ProbeLimits.defaults()).iccProfile()).isNotNull();
        int[] out = quadrant(run(file, "w=48&fmt=png"), 0, 0);
        // the test profile has gamma 2.2 curves, not sRGB's, so allow a little more than for nclx
        assertClose(out, new int[] {255, 0, 0}, 24, "P3 profile -> sRGB");
    }

    @Test
    void withoutLibheifAHeicIsFormatUnavailableWithTheReason() {
        byte[] file = heic(PngBytes.encode(quadrants()));
        ThumbnailPipeline defaults = ThumbnailPipeline.withDefaults();
        ThumbnailPipeline noNative = new ThumbnailPipeline(dev.thumbd.resizer.codec.Codecs.detect(false),
                defaults.resampler(), defaults.settings());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> noNative.run(file,
                        ThumbnailSpec.parse(QueryString.decode("src=x.heic&w=40&fmt=jpeg")),
                        FormatChooser.NO_NEGOTIATION, scratch))
                .isInstanceOfSatisfying(dev.thumbd.problem.ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(dev.thumbd.problem.ProblemType.FORMAT_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("heic input").contains("native codecs disabled");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"jpeg", "png", "webp", "avif"})
    void everyOutputFormatIsMadeFromHeic(String format) {
        byte[] file = heic(PngBytes.encode(dev.thumbd.resizer.codec.Pixels.synthetic(120, 80, PixelFormat.RGBA)));
        Thumbnail t = run(file, "w=60&fmt=" + format);
        assertThat(t.format()).isEqualTo(ImageFormat.fromToken(format).orElseThrow());
        assertThat(t.width()).isEqualTo(60);
        assertThat(t.height()).isEqualTo(40);
        assertThat(t.source().format()).isEqualTo(ImageFormat.HEIC);
        assertThat(t.source().alpha()).isTrue();
    }
}
