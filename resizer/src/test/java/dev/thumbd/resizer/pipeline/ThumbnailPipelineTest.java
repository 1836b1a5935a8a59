package dev.thumbd.resizer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.fixture.Images;
import dev.thumbd.resizer.fixture.TestImages;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.spec.ImageFormat;
import dev.thumbd.spec.ThumbnailSpec;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The whole engine on real images: sizes, formats, orientation, alpha, and similarity to a reference resize. */
class ThumbnailPipelineTest {

    private final ThumbnailPipeline pipeline = ThumbnailPipeline.withDefaults();
    private final Scratch scratch = new Scratch();

    @AfterEach
    void close() {
        scratch.close();
    }

    private Thumbnail run(String file, String query) {
        Map<String, List<String>> q = dev.thumbd.spec.QueryString.decode("src=" + file + "&" + query);
        return pipeline.run(TestImages.bytes(file), ThumbnailSpec.parse(q), FormatChooser.NO_NEGOTIATION, scratch);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "photo-600x450.jpg, 300, 225",
            "photo-970x644.jpg, 300, 199",
            "photo-1920x1080.jpg, 300, 169",
            "photo-2725x2225.jpg, 300, 245",
            "photo-3264x2448.jpg, 300, 225",
            "photo-p3-orientation6-4032x3024.jpg, 225, 300",
    })
    void photosBecomeJpegThumbnailsCloseToAReferenceResize(String file, int w, int h) throws IOException {
        Thumbnail t = run(file, "w=300&h=300&fit=inside&fmt=jpeg&q=90");
        assertThat(t.format()).isEqualTo(ImageFormat.JPEG);
        assertThat(t.width()).isEqualTo(w);
        assertThat(t.height()).isEqualTo(h);
        BufferedImage out = ImageIO.read(new ByteArrayInputStream(t.data()));
        assertThat(out.getWidth()).isEqualTo(w);
        assertThat(out.getHeight()).isEqualTo(h);
        BufferedImage ref = reference(file, w, h, t.source().orientation());
        assertThat(Images.meanAbsDiff(out, ref)).as(file).isLessThan(6.0);
        assertThat(t.timings().nanos(Stage.DECODE)).isPositive();
        assertThat(t.timings().nanos(Stage.ENCODE)).isPositive();
    }

    @Test
    void shrinkOnLoadIsUsedForLargeJpegs() {
        Thumbnail t = run("photo-2725x2225.jpg", "w=300&h=300&fit=inside&fmt=jpeg");
        assertThat(t.plan().shrinkOnLoad()).isEqualTo(4);
    }

    @Test
    void coverFillsTheBoxExactly() {
        Thumbnail t = run("photo-1920x1080.jpg", "w=200&h=200&fit=cover&gravity=smart&fmt=png");
        assertThat(t.width()).isEqualTo(200);
        assertThat(t.height()).isEqualTo(200);
        assertThat(t.format()).isEqualTo(ImageFormat.PNG);
    }

    @Test
    void containPadsWithTheBackground() throws IOException {
        Thumbnail t = run("photo-1920x1080.jpg", "w=200&h=200&fit=contain&bg=ff0000&fmt=png");
        BufferedImage out = ImageIO.read(new ByteArrayInputStream(t.data()));
        assertThat(out.getWidth()).isEqualTo(200);
        assertThat(out.getHeight()).isEqualTo(200);
        assertThat(out.getRGB(100, 2) & 0xFFFFFF).isEqualTo(0xFF0000);
    }

    @Test
    void alphaIsKeptForPngAndFlattenedForJpeg() throws IOException {
        Thumbnail png = run("alpha-2048x1536.png", "w=300&fmt=png");
        BufferedImage p = ImageIO.read(new ByteArrayInputStream(png.data()));
        assertThat(p.getColorModel().hasAlpha()).isTrue();
        Thumbnail jpeg = run("alpha-2048x1536.png", "w=300&fmt=jpeg");
        assertThat(jpeg.format()).isEqualTo(ImageFormat.JPEG);
        Thumbnail auto = run("alpha-2048x1536.png", "w=300");
        assertThat(auto.format()).isEqualTo(ImageFormat.PNG);
    }

    @Test
    void cmykBecomesRgb() throws IOException {
        Thumbnail t = run("edge/cmyk-profile.jpg", "w=200&fmt=jpeg");
        BufferedImage out = ImageIO.read(new ByteArrayInputStream(t.data()));
        assertThat(out.getColorModel().getNumComponents()).isEqualTo(3);
    }

    @Test
    void problemsComeBeforeDecoding() {
        assertThatThrownBy(() -> run("bad/giant-20000x14000.jpg", "w=300"))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.type()).isEqualTo(ProblemType.IMAGE_TOO_LARGE));
        assertThatThrownBy(() -> run("bad/svg-input.svg", "w=300"))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.type()).isEqualTo(ProblemType.UNSUPPORTED_FORMAT));
    }

    @Test
    void blurAndSharpenRun() {
        Thumbnail t = run("photo-600x450.jpg", "w=100&blur=2&sharpen=1&fmt=jpeg");
        assertThat(t.width()).isEqualTo(100);
        assertThat(t.timings().nanos(Stage.FILTER)).isPositive();
    }

    /** ImageIO full decode, oriented by the probed EXIF value, area-averaged to the size. */
    private static BufferedImage reference(String file, int w, int h, int orientation) throws IOException {
        BufferedImage src = ImageIO.read(new ByteArrayInputStream(TestImages.bytes(file)));
        if (orientation == 6 || orientation == 8) {
            BufferedImage r = new BufferedImage(src.getHeight(), src.getWidth(), BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < src.getHeight(); y++) {
                for (int x = 0; x < src.getWidth(); x++) {
                    int rx = orientation == 6 ? src.getHeight() - 1 - y : y;
                    int ry = orientation == 6 ? x : src.getWidth() - 1 - x;
                    r.setRGB(rx, ry, src.getRGB(x, y));
                }
            }
            src = r;
        }
        BufferedImage ref = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = ref.createGraphics();
        g.drawImage(src.getScaledInstance(w, h, Image.SCALE_AREA_AVERAGING), 0, 0, null);
        g.dispose();
        return ref;
    }
}
