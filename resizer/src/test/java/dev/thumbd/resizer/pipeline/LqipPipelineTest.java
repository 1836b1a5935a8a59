package dev.thumbd.resizer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.resizer.fixture.JpegBytes;
import dev.thumbd.resizer.fixture.PngBytes;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.spec.Crop;
import dev.thumbd.spec.ImageFormat;
import dev.thumbd.spec.OutputFormat;
import dev.thumbd.spec.ThumbnailSpec;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** {@code fmt=lqip} through the engine: the placeholder drawn as a tiny PNG, from the smallest decode. */
class LqipPipelineTest {

    private static final ThumbnailSpec LQIP = ThumbnailSpec.builder("x").format(OutputFormat.LQIP).build();

    private final ThumbnailPipeline pipeline = ThumbnailPipeline.withDefaults();

    @Test
    void aLargeJpegBecomesA32PixelPngOfItsColoursAtAFractionOfARender() throws IOException {
        byte[] jpeg = JpegBytes.encode(SourceEditPixelsTest.quadrants(3200, 1600), 90);
        Probed probed = pipeline.probe(jpeg, LQIP, FormatChooser.NO_NEGOTIATION);
        assertThat(probed.plan().shrinkOnLoad()).isGreaterThanOrEqualTo(8);
        Thumbnail t = pipeline.run(jpeg, LQIP, FormatChooser.NO_NEGOTIATION, probed, new Scratch());
        assertThat(t.format()).isEqualTo(ImageFormat.PNG);
        assertThat(t.width()).isEqualTo(32);
        assertThat(t.height()).isEqualTo(16);
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(t.data()));
        assertThat(png.getWidth()).isEqualTo(32);
        assertThat(png.getHeight()).isEqualTo(16);
        // blurred, but each corner is nearest to its quadrant's colour
        assertThat(nearest(png.getRGB(2, 2))).isEqualTo(0xff0000);
        assertThat(nearest(png.getRGB(29, 2))).isEqualTo(0x00ff00);
        assertThat(nearest(png.getRGB(2, 13))).isEqualTo(0x0000ff);
        assertThat(nearest(png.getRGB(29, 13))).isEqualTo(0xffff00);
        assertThat(t.data().length).isLessThan(3000);   // small enough for a data: URL
        RenderCost full = pipeline.estimate(jpeg, ThumbnailSpec.builder("x").width(1600).build(),
                FormatChooser.NO_NEGOTIATION);
        assertThat(probed.cost().peakBytes()).isLessThan(full.peakBytes() / 4);
        assertThat(pipeline.estimate(jpeg, LQIP, FormatChooser.NO_NEGOTIATION)).isEqualTo(probed.cost());
    }

    @Test
    void theCropAndTurnApplyAndTheAspectRatioIsExact() throws IOException {
        byte[] png = PngBytes.encode(SourceEditPixelsTest.quadrants(400, 200));
        ThumbnailSpec green = LQIP.toBuilder().crop(new Crop(200, 0, 200, 100)).rotate(90).build();
        Thumbnail t = pipeline.run(png, green, FormatChooser.NO_NEGOTIATION, new Scratch());
        assertThat(t.width()).isEqualTo(16);
        assertThat(t.height()).isEqualTo(32);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(t.data()));
        for (int[] at : new int[][] {{0, 0}, {15, 31}, {8, 16}}) {
            assertThat(nearest(img.getRGB(at[0], at[1]))).isEqualTo(0x00ff00);
        }
        // 300x100: the hash alone would say 7:3 (32x14); the drawing keeps 3:1
        Thumbnail wide = pipeline.run(PngBytes.encode(SourceEditPixelsTest.quadrants(300, 100)), LQIP,
                FormatChooser.NO_NEGOTIATION, new Scratch());
        assertThat(wide.width()).isEqualTo(32);
        assertThat(wide.height()).isEqualTo(11);
    }

    @Test
    void transparencyIsKept() throws IOException {
        byte[] px = new byte[40 * 20 * 4];
        for (int i = 0; i < 800; i++) {
            px[i * 4] = (byte) 200;
            px[i * 4 + 3] = (byte) (i % 40 < 20 ? 255 : 0);
        }
        Thumbnail t = pipeline.run(PngBytes.encode(new PixelBuffer(px, 40, 20, PixelFormat.RGBA)), LQIP,
                FormatChooser.NO_NEGOTIATION, new Scratch());
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(t.data()));
        assertThat(img.getColorModel().hasAlpha()).isTrue();
        assertThat(img.getRGB(1, 8) >>> 24).isGreaterThan(200);
        assertThat(img.getRGB(30, 8) >>> 24).isLessThan(60);
        assertThat(img.getRGB(1, 8) >> 16 & 0xff).isGreaterThan(150);
    }

    @Test
    void anOpaqueOriginalGivesAnOpaquePng() throws IOException {
        Thumbnail t = pipeline.run(PngBytes.encode(SourceEditPixelsTest.quadrants(64, 64)), LQIP,
                FormatChooser.NO_NEGOTIATION, new Scratch());
        assertThat(ImageIO.read(new ByteArrayInputStream(t.data())).getColorModel().hasAlpha()).isFalse();
    }

    @Test
    void hostileOriginalsAreRefusedBeforeAnyDecode() {
        byte[] png = PngBytes.encode(SourceEditPixelsTest.quadrants(64, 64));
        dev.thumbd.problem.ProblemException huge = org.assertj.core.api.Assertions.catchThrowableOfType(
                dev.thumbd.problem.ProblemException.class,
                () -> pipeline.probe(PngBytes.withDeclaredSize(png, 60000, 60000), LQIP, FormatChooser.NO_NEGOTIATION));
        assertThat(huge.type()).isEqualTo(dev.thumbd.problem.ProblemType.IMAGE_TOO_LARGE);
        dev.thumbd.problem.ProblemException outside = org.assertj.core.api.Assertions.catchThrowableOfType(
                dev.thumbd.problem.ProblemException.class, () -> pipeline.run(png,
                        LQIP.toBuilder().crop(new Crop(60, 60, 10, 10)).build(), FormatChooser.NO_NEGOTIATION,
                        new Scratch()));
        assertThat(outside.type().status()).isEqualTo(400);
        dev.thumbd.problem.ProblemException cut = org.assertj.core.api.Assertions.catchThrowableOfType(
                dev.thumbd.problem.ProblemException.class, () -> pipeline.run(
                        java.util.Arrays.copyOf(png, png.length / 2), LQIP, FormatChooser.NO_NEGOTIATION,
                        new Scratch()));
        assertThat(cut.type().status()).isEqualTo(422);
    }

    /** The nearest of the four quadrant colours. */
    private static int nearest(int argb) {
        int best = 0;
        int bestD = Integer.MAX_VALUE;
        for (int c : new int[] {0xff0000, 0x00ff00, 0x0000ff, 0xffff00}) {
            int d = 0;
            for (int s = 0; s <= 16; s += 8) {
                int diff = (c >> s & 0xff) - (argb >> s & 0xff);
                d += diff * diff;
            }
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return best;
    }
}
