package dev.thumbd.resizer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.fixture.JpegBytes;
import dev.thumbd.resizer.fixture.PngBytes;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.image.Region;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.resizer.transform.Trim;
import dev.thumbd.spec.QueryString;
import dev.thumbd.spec.ThumbnailSpec;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** {@code trim}: the border found on the pixels, the thumbnail planned on what is left, hostile cases refused. */
class TrimPixelsTest {

    private final ThumbnailPipeline pipeline = ThumbnailPipeline.withDefaults();

    /** The 400x200 quadrants inside a border of {@code rgb}: {@code left, top, right, bottom} pixels wide. */
    static PixelBuffer framed(int rgb, int left, int top, int right, int bottom) {
        PixelBuffer inner = SourceEditPixelsTest.quadrants(400, 200);
        int w = 400 + left + right;
        int h = 200 + top + bottom;
        byte[] px = new byte[w * h * 3];
        for (int i = 0; i < w * h; i++) {
            px[i * 3] = (byte) (rgb >> 16);
            px[i * 3 + 1] = (byte) (rgb >> 8);
            px[i * 3 + 2] = (byte) rgb;
        }
        for (int y = 0; y < 200; y++) {
            System.arraycopy(inner.data(), y * 400 * 3, px, ((y + top) * w + left) * 3, 400 * 3);
        }
        return new PixelBuffer(px, w, h, PixelFormat.RGB);
    }

    @Test
    void findsTheBorderOnEachSide() {
        assertThat(Trim.find(framed(0xffffff, 7, 3, 11, 5), 0)).isEqualTo(new Region(7, 3, 400, 200));
        // the background is the top-left pixel: here the content's red, so a border at the bottom alone stays
        assertThat(Trim.find(framed(0xffffff, 0, 0, 0, 9), 0)).isEqualTo(new Region(0, 0, 400, 209));
        // within the threshold a near-white border is still border; below it it is not
        assertThat(Trim.find(framed(0xf4f4f4, 4, 4, 4, 4), 0)).isEqualTo(new Region(4, 4, 400, 200));
        PixelBuffer grey = framed(0xf4f4f4, 4, 4, 4, 4);
        grey.data()[0] = (byte) 0xff;   // the top-left pixel is the background: white, 11 from the border's grey
        assertThat(Trim.find(grey, 10)).isEqualTo(new Region(0, 0, 408, 208));
        assertThat(Trim.find(grey, 11)).isEqualTo(new Region(4, 4, 400, 200));
    }

    @Test
    void aUniformImageIsKeptWhole() {
        PixelBuffer white = framed(0xffffff, 1, 1, 1, 1);
        java.util.Arrays.fill(white.data(), (byte) 0xff);
        assertThat(Trim.find(white, 10)).isEqualTo(new Region(0, 0, 402, 202));
    }

    @Test
    void theThumbnailIsPlannedOnWhatIsLeft() {
        byte[] png = PngBytes.encode(framed(0xffffff, 30, 10, 50, 70));
        Thumbnail t = render(png, "trim=10&fmt=png");
        assertThat(t.width()).isEqualTo(400);
        assertThat(t.height()).isEqualTo(200);
        assertQuadrants(t, 0);
        Thumbnail small = render(png, "trim=10&w=100&fmt=png");
        assertThat(small.height()).isEqualTo(50);
        assertQuadrants(small, 0);
        assertThat(small.plan().edit().region()).isEqualTo(new Region(30, 10, 400, 200));
        // a JPEG's border is noisy near the edges of the content: a threshold absorbs it
        byte[] jpeg = JpegBytes.encode(framed(0xffffff, 48, 32, 16, 64), 90);
        Thumbnail j = render(jpeg, "trim=40&w=200&fmt=png");
        assertThat(j.width()).isEqualTo(200);
        assertThat(j.height()).isBetween(99, 101);
        assertQuadrants(j, 40);
    }

    @Test
    void trimComesAfterTheCropAndBeforeTheTurn() {
        byte[] png = PngBytes.encode(framed(0x000000, 20, 20, 20, 20));
        // keep the top-left quarter with its border, trim it, turn it: 200x100 red turned to 100x200
        Thumbnail t = render(png, "crop=0,0,220,120&trim=5&rotate=90&fmt=png");
        assertThat(t.width()).isEqualTo(100);
        assertThat(t.height()).isEqualTo(200);
        assertThat(read(t).getRGB(50, 100) & 0xffffff).isEqualTo(0xff0000);
    }

    @Test
    void hostileTrimsAreRefused() {
        byte[] onePixel = PngBytes.encode(new PixelBuffer(new byte[3], 1, 1, PixelFormat.RGB));
        assertThatThrownBy(() -> render(onePixel, "trim=10")).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.type()).isEqualTo(ProblemType.INVALID_PARAMETER);
            assertThat(e.detail()).contains("for trim");
        });
        byte[] png = PngBytes.encode(framed(0xffffff, 10, 10, 10, 10));
        assertThatThrownBy(() -> render(png, "trim=10&crop=5,5,1,50"))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.type()).isEqualTo(ProblemType.INVALID_PARAMETER));
        // wide borders left and right, w only: the whole is planned 200x44, what is left would be 200x100
        PixelBuffer wide = framed(0xffffff, 300, 10, 300, 10);
        assertThatThrownBy(() -> render(PngBytes.encode(wide), "trim=10&w=200"))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.type()).isEqualTo(ProblemType.IMAGE_TOO_LARGE));
    }

    @Test
    void theProbeDecodesAtFullSizeForATrim() {
        byte[] jpeg = JpegBytes.encode(framed(0xffffff, 800, 400, 800, 400), 90);
        assertThat(pipeline.probe(jpeg, spec("w=100"), FormatChooser.NO_NEGOTIATION).plan().shrinkOnLoad())
                .isGreaterThan(1);
        Probed trimmed = pipeline.probe(jpeg, spec("w=100&trim=10"), FormatChooser.NO_NEGOTIATION);
        assertThat(trimmed.plan().shrinkOnLoad()).isEqualTo(1);
        assertThat(trimmed.cost().heapBytes()).isGreaterThan(2000L * 1000 * 3 * 2);
    }

    private Thumbnail render(byte[] source, String query) {
        return pipeline.run(source, spec(query), FormatChooser.NO_NEGOTIATION, new Scratch());
    }

    private static ThumbnailSpec spec(String query) {
        return ThumbnailSpec.parse(QueryString.decode("src=x&" + query));
    }

    private static void assertQuadrants(Thumbnail t, int tolerance) {
        BufferedImage img = read(t);
        int w = img.getWidth();
        int h = img.getHeight();
        int[][] at = {{w / 4, h / 4}, {3 * w / 4, h / 4}, {w / 4, 3 * h / 4}, {3 * w / 4, 3 * h / 4}};
        int[] want = {0xff0000, 0x00ff00, 0x0000ff, 0xffff00};
        for (int i = 0; i < 4; i++) {
            int got = img.getRGB(at[i][0], at[i][1]) & 0xffffff;
            int d = 0;
            for (int s = 0; s < 24; s += 8) {
                d = Math.max(d, Math.abs((got >> s & 0xff) - (want[i] >> s & 0xff)));
            }
            assertThat(d).as("quadrant %d: %06x", i, got).isLessThanOrEqualTo(tolerance);
        }
        // the corners are content, not border
        assertThat(img.getRGB(0, 0) & 0xffffff).isNotEqualTo(0xffffff);
        assertThat(img.getRGB(w - 1, h - 1) & 0xffffff).isNotEqualTo(0xffffff);
    }

    private static BufferedImage read(Thumbnail t) {
        try {
            return ImageIO.read(new ByteArrayInputStream(t.data()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
