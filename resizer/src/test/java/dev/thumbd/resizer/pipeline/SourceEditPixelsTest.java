package dev.thumbd.resizer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.fixture.JpegBytes;
import dev.thumbd.resizer.fixture.PngBytes;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.spec.QueryString;
import dev.thumbd.spec.ThumbnailSpec;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code crop}, {@code rotate}, {@code flip} and {@code flop} on a source of four coloured quadrants, checked by
 * which colour lands in which quadrant of the thumbnail: on a PNG (decoded at full size), on a JPEG large enough to
 * be shrunk on load, and on a JPEG stored sideways with an EXIF orientation (the crop is in upright pixels).
 */
class SourceEditPixelsTest {

    private static final int R = 0xff0000;
    private static final int G = 0x00ff00;
    private static final int B = 0x0000ff;
    private static final int Y = 0xffff00;

    private final ThumbnailPipeline pipeline = ThumbnailPipeline.withDefaults();

    /** {@code width x height}: red top left, green top right, blue bottom left, yellow bottom right. */
    static PixelBuffer quadrants(int width, int height) {
        byte[] px = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean right = x >= width / 2;
                int rgb = y < height / 2 ? (right ? G : R) : (right ? Y : B);
                int i = (y * width + x) * 3;
                px[i] = (byte) (rgb >> 16);
                px[i + 1] = (byte) (rgb >> 8);
                px[i + 2] = (byte) rgb;
            }
        }
        return new PixelBuffer(px, width, height, PixelFormat.RGB);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // query                                  | w   | h   | top left | top right | bottom left | bottom right
        "fmt=png                                  | 400 | 200 | ff0000 | 00ff00 | 0000ff | ffff00",
        "fmt=png&rotate=90                        | 200 | 400 | 0000ff | ff0000 | ffff00 | 00ff00",
        "fmt=png&rotate=180                       | 400 | 200 | ffff00 | 0000ff | 00ff00 | ff0000",
        "fmt=png&rotate=270                       | 200 | 400 | 00ff00 | ffff00 | ff0000 | 0000ff",
        "fmt=png&flip=true                        | 400 | 200 | 0000ff | ffff00 | ff0000 | 00ff00",
        "fmt=png&flop=true                        | 400 | 200 | 00ff00 | ff0000 | ffff00 | 0000ff",
        "fmt=png&rotate=90&flop=true              | 200 | 400 | ff0000 | 0000ff | 00ff00 | ffff00",
        "fmt=png&crop=100,50,200,100              | 200 | 100 | ff0000 | 00ff00 | 0000ff | ffff00",
        "fmt=png&crop=100,50,200,100&rotate=90    | 100 | 200 | 0000ff | ff0000 | ffff00 | 00ff00",
        "fmt=png&crop=200,0,200,100               | 200 | 100 | 00ff00 | 00ff00 | 00ff00 | 00ff00",
        "fmt=png&crop=0,100,400,100&w=100         | 100 | 25  | 0000ff | ffff00 | 0000ff | ffff00",
        "fmt=png&crop=100,50,200,100&w=50&h=50&fit=fill&flip=1 | 50 | 50 | 0000ff | ffff00 | ff0000 | 00ff00",
    })
    void turnsAndCropsALosslessSource(String query, int w, int h, String tl, String tr, String bl, String br) {
        Thumbnail t = render(PngBytes.encode(quadrants(400, 200)), query);
        assertQuadrants(t, w, h, tl, tr, bl, br, 0);
    }

    @Test
    void aCropOfALargeJpegIsStillShrunkOnLoad() {
        byte[] jpeg = JpegBytes.encode(quadrants(3200, 1600), 95);
        // the centre 800x800: a quarter of each quadrant, fitted to 100 px: 8x, so a 1/4 decode leaves 2x
        Thumbnail centre = render(jpeg, "fmt=png&crop=1200,400,800,800&w=100");
        assertThat(centre.plan().shrinkOnLoad()).isEqualTo(4);
        assertQuadrants(centre, 100, 100, "ff0000", "00ff00", "0000ff", "ffff00", 40);
        Thumbnail green = render(jpeg, "fmt=png&crop=1600,0,1600,800&w=50&rotate=90");
        assertThat(green.plan().shrinkOnLoad()).isEqualTo(8);
        assertQuadrants(green, 50, 100, "00ff00", "00ff00", "00ff00", "00ff00", 40);
        // every pixel, edges included: the rectangle's edges are where they belong within the decoder's blocks
        BufferedImage img = read(green);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                assertThat(distance(img.getRGB(x, y) & 0xffffff, G)).as("(%d, %d)", x, y).isLessThan(60);
            }
        }
    }

    @Test
    void theCropIsInUprightPixelsAndTheTurnFollowsTheExifOrientation() {
        // stored 800x400 with orientation 6 (displayed turned clockwise): upright 400x800, blue top left, red top
        // right, yellow bottom left, green bottom right
        byte[] jpeg = JpegBytes.withSegment(JpegBytes.encode(quadrants(800, 400), 95), 0xE1,
                JpegBytes.exifOrientation(6));
        assertQuadrants(render(jpeg, "fmt=png"), 400, 800, "0000ff", "ff0000", "ffff00", "00ff00", 40);
        assertQuadrants(render(jpeg, "fmt=png&crop=0,0,400,400"), 400, 400, "0000ff", "ff0000", "0000ff",
                "ff0000", 40);
        // the right half's middle (red over green), turned clockwise: green left, red right
        assertQuadrants(render(jpeg, "fmt=png&crop=200,200,200,400&w=100&rotate=90"), 100, 50, "00ff00",
                "ff0000", "00ff00", "ff0000", 40);
        assertThatThrownBy(() -> render(jpeg, "crop=0,0,800,400"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.INVALID_PARAMETER);
                    assertThat(e.detail()).isEqualTo("Expected a rectangle inside the 400x800 image for crop but "
                            + "received '0,0,800,400'");
                });
    }

    @Test
    void aCropOutsideTheImageIsRefusedBeforeAnythingIsDecoded() {
        byte[] png = PngBytes.encode(quadrants(400, 200));
        for (String crop : new String[] {"0,0,401,200", "400,0,1,1", "0,199,1,2", "1000000,1000000,1,1"}) {
            assertThatThrownBy(() -> pipeline.probe(png, spec("crop=" + crop), FormatChooser.NO_NEGOTIATION))
                    .as(crop).isInstanceOfSatisfying(ProblemException.class,
                            e -> assertThat(e.type()).isEqualTo(ProblemType.INVALID_PARAMETER));
        }
        Probed ok = pipeline.probe(png, spec("crop=399,199,1,1&w=10&enlarge=true"), FormatChooser.NO_NEGOTIATION);
        assertThat(ok.plan().canvasWidth()).isEqualTo(10);
    }

    @Test
    void theProbePlansTheEditedSize() {
        byte[] png = PngBytes.encode(quadrants(400, 200));
        Probed p = pipeline.probe(png, spec("crop=0,0,300,100&rotate=270&w=50"), FormatChooser.NO_NEGOTIATION);
        assertThat(p.plan().sourceWidth()).isEqualTo(100);
        assertThat(p.plan().sourceHeight()).isEqualTo(300);
        assertThat(p.plan().canvasHeight()).isEqualTo(150);
    }

    private Thumbnail render(byte[] source, String query) {
        return pipeline.run(source, spec(query), FormatChooser.NO_NEGOTIATION, new Scratch());
    }

    private static ThumbnailSpec spec(String query) {
        return ThumbnailSpec.parse(QueryString.decode("src=x&" + query));
    }

    private static void assertQuadrants(Thumbnail t, int w, int h, String tl, String tr, String bl, String br,
            int tolerance) {
        assertThat(t.width()).isEqualTo(w);
        assertThat(t.height()).isEqualTo(h);
        BufferedImage img = read(t);
        assertThat(img.getWidth()).isEqualTo(w);
        assertThat(img.getHeight()).isEqualTo(h);
        int[][] at = {{w / 4, h / 4}, {3 * w / 4, h / 4}, {w / 4, 3 * h / 4}, {3 * w / 4, 3 * h / 4}};
        String[] want = {tl, tr, bl, br};
        for (int i = 0; i < 4; i++) {
            int got = img.getRGB(at[i][0], at[i][1]) & 0xffffff;
            assertThat(distance(got, Integer.parseInt(want[i], 16)))
                    .as("quadrant %d: %06x, expected %s", i, got, want[i]).isLessThanOrEqualTo(tolerance);
        }
    }

    private static int distance(int a, int b) {
        int d = 0;
        for (int s = 0; s < 24; s += 8) {
            d = Math.max(d, Math.abs((a >> s & 0xff) - (b >> s & 0xff)));
        }
        return d;
    }

    private static BufferedImage read(Thumbnail t) {
        try {
            return ImageIO.read(new ByteArrayInputStream(t.data()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
