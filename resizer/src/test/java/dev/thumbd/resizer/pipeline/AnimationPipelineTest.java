package dev.thumbd.resizer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.codec.Codecs;
import dev.thumbd.resizer.fixture.AnimatedImages;
import dev.thumbd.resizer.fixture.AnimatedImages.GifFrame;
import dev.thumbd.resizer.fixture.AnimatedImages.WebpAnimation;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.resizer.kernel.Resamplers;
import dev.thumbd.resizer.probe.ProbeLimits;
import dev.thumbd.spec.ImageFormat;
import dev.thumbd.spec.QueryString;
import dev.thumbd.spec.ThumbnailSpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.awt.image.BufferedImage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Animations through the engine: every frame resized through the same steps into an animated WebP with the source's
 * delays and loop count; {@code frame=N} as a still; stills of the first frame in formats without animation; and
 * the limits that refuse an animation from its header before a frame is decoded.
 */
class AnimationPipelineTest {

    /** 64x48: red; a green square that is cleared afterwards; a blue square. Loops 3 more times (4 plays). */
    static final byte[] GIF = AnimatedImages.gif(3,
            new GifFrame(0, 0, 64, 48, 1, 10, "none"),
            new GifFrame(8, 8, 16, 16, 2, 20, "restoreToBackgroundColor"),
            new GifFrame(40, 24, 16, 16, 3, 30, "none"));

    private final ThumbnailPipeline pipeline = ThumbnailPipeline.withDefaults();
    private final Scratch scratch = new Scratch();

    @AfterEach
    void close() {
        scratch.close();
    }

    private Thumbnail render(ThumbnailPipeline p, byte[] source, String query) {
        return p.run(source, ThumbnailSpec.parse(QueryString.decode(query)), FormatChooser.NO_NEGOTIATION, scratch);
    }

    @Test
    void anAnimatedGifBecomesAnAnimatedWebpWithItsDelaysLoopsAndCompositedFrames() {
        Thumbnail t = render(pipeline, GIF, "src=a.gif&w=32&fmt=webp");
        assertThat(t.frames()).isEqualTo(3);
        WebpAnimation a = AnimatedImages.readWebp(t.data());
        assertThat(a.width()).isEqualTo(32);
        assertThat(a.height()).isEqualTo(24);
        assertThat(a.frames()).hasSize(3);
        assertThat(a.durations()).containsExactly(100, 200, 300);
        assertThat(a.loopCount()).isEqualTo(4);
        // frame 0: all red
        assertColour(a.pixel(0, 16, 12), 255, 0, 0, 255);
        assertColour(a.pixel(0, 8, 8), 255, 0, 0, 255);
        // frame 1: the green square drawn at (8,8)-(24,24), so (4,4)-(12,12) at half size; red around it
        assertColour(a.pixel(1, 8, 8), 0, 255, 0, 255);
        assertColour(a.pixel(1, 24, 4), 255, 0, 0, 255);
        // frame 2: the green square's rectangle cleared to transparent (restoreToBackgroundColor), blue drawn at
        // (40,24)-(56,40), so (20,12)-(28,20)
        assertThat(a.pixel(2, 8, 8)[3]).as("alpha where the disposed frame was").isLessThan(16);
        assertColour(a.pixel(2, 24, 16), 0, 0, 255, 255);
        assertColour(a.pixel(2, 2, 20), 255, 0, 0, 255);
    }

    @Test
    void anAnimatedWebpStaysAnimatedAtTheRequestedSize() {
        byte[] source = AnimatedImages.webp(80, 60, 0, new int[] {40, 70, 120, 250},
                new int[][] {{255, 0, 0, 255}, {0, 255, 0, 255}, {0, 0, 255, 255}, {255, 255, 255, 255}});
        Thumbnail t = render(pipeline, source, "src=a.webp&w=40&fmt=webp");
        WebpAnimation a = AnimatedImages.readWebp(t.data());
        assertThat(a.width()).isEqualTo(40);
        assertThat(a.height()).isEqualTo(30);
        assertThat(a.durations()).containsExactly(40, 70, 120, 250);
        assertThat(a.loopCount()).isZero();
        assertColour(a.pixel(0, 20, 15), 255, 0, 0, 255);
        assertColour(a.pixel(1, 20, 15), 0, 255, 0, 255);
        assertColour(a.pixel(2, 20, 15), 0, 0, 255, 255);
        assertColour(a.pixel(3, 20, 15), 255, 255, 255, 255);
    }

    @Test
    void frameNPicksOneCompositedFrameAsAStill() throws IOException {
        Thumbnail t = render(pipeline, GIF, "src=a.gif&w=32&fmt=png&frame=2");
        assertThat(t.frames()).isEqualTo(1);
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(t.data()));
        assertThat(png.getWidth()).isEqualTo(32);
        assertThat(png.getRGB(24, 16) & 0xFFFFFF).as("blue of frame 2").isEqualTo(0x0000FF);
        assertThat(png.getRGB(8, 8) >>> 24).as("cleared by frame 1's disposal").isLessThan(16);
        Thumbnail webpStill = render(pipeline, GIF, "src=a.gif&w=32&fmt=webp&frame=1");
        assertThat(webpStill.frames()).isEqualTo(1);
        assertThat(webpStill.data()[20] & 0x02).as("no animation flag").isZero();
    }

    @Test
    void formatsWithoutAnimationTakeTheFirstFrame() throws IOException {
        Thumbnail t = render(pipeline, GIF, "src=a.gif&w=32&fmt=jpeg");
        assertThat(t.frames()).isEqualTo(1);
        BufferedImage jpeg = ImageIO.read(new ByteArrayInputStream(t.data()));
        int rgb = jpeg.getRGB(8, 8);
        assertThat((rgb >> 16) & 0xFF).as("red of frame 0, not green of frame 1").isGreaterThan(200);
        assertThat((rgb >> 8) & 0xFF).isLessThan(60);
    }

    @Test
    void aFrameOutOfRangeIsAnInvalidParameter() {
        assertThatThrownBy(() -> render(pipeline, GIF, "src=a.gif&w=32&frame=3"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.INVALID_PARAMETER);
                    assertThat(e.getMessage()).contains("frame").contains("below 3");
                });
    }

    @Test
    void thousandsOfTinyFramesAreRefusedFromTheHeader() {
        byte[] gif = AnimatedImages.tinyFrames(5000);
        assertThatThrownBy(() -> render(pipeline, gif, "src=a.gif&w=32&fmt=webp"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.IMAGE_TOO_LARGE);
                    assertThat(e.getMessage()).contains("5000 frames").contains("thumbd.limits.max-frames");
                });
    }

    @Test
    void framesTimesAreaOverTheLimitIsRefusedFromTheHeader() {
        ThumbnailPipeline strict = pipeline.with(PipelineSettings.defaults()
                .withLimits(ProbeLimits.defaults().withMaxAnimationPixels(64 * 48 * 2)));
        assertThatThrownBy(() -> render(strict, GIF, "src=a.gif&w=32&fmt=webp"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.IMAGE_TOO_LARGE);
                    assertThat(e.getMessage()).contains("thumbd.limits.max-animation-pixels");
                });
    }

    @Test
    void aFrameBeyondTheScreenIsCorrupt() {
        byte[] gif = GIF.clone();
        // the second image descriptor: move its 16x16 frame to x = 60 on the 64-wide screen
        int second = secondImage(gif);
        gif[second + 1] = 60;
        assertThatThrownBy(() -> render(pipeline, gif, "src=a.gif&w=32&fmt=webp"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.CORRUPT_IMAGE);
                    assertThat(e.getMessage()).contains("outside the 64x48 logical screen");
                });
    }

    @Test
    void aTruncatedAnimationIsCorrupt() {
        byte[] source = AnimatedImages.webp(80, 60, 0, new int[] {40, 70},
                new int[][] {{255, 0, 0, 255}, {0, 255, 0, 255}});
        for (byte[] cut : new byte[][] {Arrays.copyOf(GIF, GIF.length - 20), Arrays.copyOf(source, source.length - 9),
                Arrays.copyOf(source, source.length / 2)}) {
            assertThatThrownBy(() -> render(pipeline, cut, "src=a&w=32&fmt=webp"))
                    .isInstanceOfSatisfying(ProblemException.class,
                            e -> assertThat(e.type()).isEqualTo(ProblemType.CORRUPT_IMAGE));
        }
    }

    @Test
    void anAnimationIsPricedForItsCanvasesAndOutputAndStillOnlyForOneFrame() {
        ThumbnailSpec anim = ThumbnailSpec.parse(QueryString.decode("src=a.gif&w=32&fmt=webp"));
        ThumbnailSpec still = ThumbnailSpec.parse(QueryString.decode("src=a.gif&w=32&fmt=webp&frame=0"));
        Probed a = pipeline.probe(GIF, anim, FormatChooser.NO_NEGOTIATION);
        Probed s = pipeline.probe(GIF, still, FormatChooser.NO_NEGOTIATION);
        assertThat(a.frames()).isEqualTo(Probed.Frames.ANIMATION);
        assertThat(s.frames()).isEqualTo(Probed.Frames.PICKED);
        assertThat(a.cost().nativeBytes()).as("the animation encoder's canvases and every encoded frame")
                .isGreaterThanOrEqualTo(32L * 24 * RenderCost.ANIMATION_ENCODER_BYTES_PER_PIXEL + 2 * 3 * 32 * 24);
        byte[] longer = AnimatedImages.gif(0, new GifFrame(0, 0, 64, 48, 1, 10, "none"),
                new GifFrame(0, 0, 64, 48, 2, 10, "none"), new GifFrame(0, 0, 64, 48, 3, 10, "none"),
                new GifFrame(0, 0, 64, 48, 1, 10, "none"), new GifFrame(0, 0, 64, 48, 2, 10, "none"),
                new GifFrame(0, 0, 64, 48, 3, 10, "none"));
        assertThat(pipeline.probe(longer, anim, FormatChooser.NO_NEGOTIATION).cost().nativeBytes())
                .as("more frames, more output held until it is assembled").isGreaterThan(a.cost().nativeBytes());
        assertThat(a.cost().heapBytes()).as("the composited canvas and its saved copy")
                .isGreaterThanOrEqualTo(2L * 64 * 48 * 4);
    }

    @Test
    void withoutAnAnimationEncoderTheOutputIsAStillOfTheFirstFrame() {
        Codecs noAnimation = Codecs.detect(true).withAnimations(Codecs.Animations.NONE);
        ThumbnailPipeline stills = new ThumbnailPipeline(noAnimation, Resamplers.preferred(),
                PipelineSettings.defaults());
        Thumbnail t = render(stills, GIF, "src=a.gif&w=32&fmt=webp");
        assertThat(t.frames()).isEqualTo(1);
        assertThat(t.animationDropped(false)).isTrue();
        assertThat(t.format()).isEqualTo(ImageFormat.WEBP);
    }

    /** Offset of the second image descriptor. */
    private static int secondImage(byte[] gif) {
        int first = dev.thumbd.resizer.fixture.GifBytes.firstImage(gif);
        int packed = gif[first + 9] & 0xFF;
        int at = first + 10 + ((packed & 0x80) != 0 ? 3 * (1 << ((packed & 7) + 1)) : 0) + 1;
        while ((gif[at] & 0xFF) != 0) {
            at += 1 + (gif[at] & 0xFF);
        }
        at++;
        while ((gif[at] & 0xFF) == 0x21) {
            at += 2;
            while ((gif[at] & 0xFF) != 0) {
                at += 1 + (gif[at] & 0xFF);
            }
            at++;
        }
        assertThat(gif[at] & 0xFF).isEqualTo(0x2C);
        return at;
    }

    private static void assertColour(int[] rgba, int r, int g, int b, int a) {
        assertThat(rgba[0]).as("red of %s", Arrays.toString(rgba)).isCloseTo(r, org.assertj.core.data.Offset.offset(24));
        assertThat(rgba[1]).as("green of %s", Arrays.toString(rgba)).isCloseTo(g, org.assertj.core.data.Offset.offset(24));
        assertThat(rgba[2]).as("blue of %s", Arrays.toString(rgba)).isCloseTo(b, org.assertj.core.data.Offset.offset(24));
        assertThat(rgba[3]).as("alpha of %s", Arrays.toString(rgba)).isCloseTo(a, org.assertj.core.data.Offset.offset(8));
    }
}
