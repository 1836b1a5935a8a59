package dev.thumbd.resizer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.codec.Codecs;
import dev.thumbd.resizer.fixture.AnimatedImages;
import dev.thumbd.resizer.fixture.AnimatedImages.GifFrame;
import dev.thumbd.resizer.fixture.PngBytes;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.resizer.kernel.Resamplers;
import dev.thumbd.resizer.overlay.DecodedOverlay;
import dev.thumbd.resizer.overlay.OverlayInput;
import dev.thumbd.spec.QueryString;
import dev.thumbd.spec.ThumbnailSpec;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** {@code wm}: the overlay lands where the gravity and offsets say, blended with its opacity, bounded when hostile. */
class OverlayPixelsTest {

    private final ThumbnailPipeline pipeline = ThumbnailPipeline.withDefaults();

    static PixelBuffer solid(int w, int h, PixelFormat f, int... channels) {
        byte[] px = new byte[w * h * f.channels()];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) channels[i % f.channels()];
        }
        return new PixelBuffer(px, w, h, f);
    }

    private static final byte[] GREY = PngBytes.encode(solid(200, 100, PixelFormat.RGB, 128, 128, 128));
    private static final byte[] RED = PngBytes.encode(solid(20, 10, PixelFormat.RGBA, 255, 0, 0, 255));

    @Test
    void anOpaqueSquareLandsExactlyAtTheGravityAndOffsets() {
        Thumbnail t = render(GREY, RED, "w=200&fmt=png&wm=logo.png&wm_gravity=southeast&wm_x=5&wm_y=7");
        BufferedImage img = read(t);
        assertThat(img.getWidth()).isEqualTo(200);
        // 200 - 20 - 5 = 175 .. 194 across, 100 - 10 - 7 = 83 .. 92 down
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 200; x++) {
                boolean inside = x >= 175 && x < 195 && y >= 83 && y < 93;
                assertThat(img.getRGB(x, y) & 0xffffff).as("(%d, %d)", x, y)
                        .isEqualTo(inside ? 0xff0000 : 0x808080);
            }
        }
        Thumbnail nw = render(GREY, RED, "w=200&fmt=png&wm=logo.png&wm_gravity=northwest&wm_x=3&wm_y=4");
        BufferedImage n = read(nw);
        assertThat(n.getRGB(3, 4) & 0xffffff).isEqualTo(0xff0000);
        assertThat(n.getRGB(22, 13) & 0xffffff).isEqualTo(0xff0000);
        assertThat(n.getRGB(2, 4) & 0xffffff).isEqualTo(0x808080);
        assertThat(n.getRGB(23, 13) & 0xffffff).isEqualTo(0x808080);
        // centre: (200 - 20) / 2 = 90, (100 - 10) / 2 = 45
        BufferedImage c = read(render(GREY, RED, "w=200&fmt=png&wm=logo.png"));
        assertThat(c.getRGB(90, 45) & 0xffffff).isEqualTo(0xff0000);
        assertThat(c.getRGB(89, 45) & 0xffffff).isEqualTo(0x808080);
        assertThat(c.getRGB(109, 54) & 0xffffff).isEqualTo(0xff0000);
        assertThat(c.getRGB(110, 54) & 0xffffff).isEqualTo(0x808080);
    }

    @Test
    void opacityBlendsOverTheImage() {
        BufferedImage img = read(render(GREY, RED, "w=200&fmt=png&wm=logo.png&wm_opacity=0.5"));
        int rgb = img.getRGB(100, 50);
        // 0.5 x 255 + 0.5 x 128 = 191.5 red; 0.5 x 128 = 64 green and blue
        assertThat(rgb >> 16 & 0xff).isBetween(190, 194);
        assertThat(rgb >> 8 & 0xff).isBetween(62, 66);
        assertThat(rgb & 0xff).isBetween(62, 66);
        assertThat(img.getRGB(10, 10) & 0xffffff).isEqualTo(0x808080);
    }

    @Test
    void theScaleIsAFractionOfTheOutputWidth() {
        // the 200x100 grey made 100x50; the overlay a quarter of that: 25 wide, 13 high (10 x 25 / 20 = 12.5)
        BufferedImage img = read(render(GREY, RED, "w=100&fmt=png&wm=logo.png&wm_scale=0.25&wm_gravity=northwest"));
        assertThat(img.getWidth()).isEqualTo(100);
        int red = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                red += rgb == 0xff0000 ? 1 : 0;
            }
        }
        assertThat(red).isBetween(24 * 12, 25 * 13);
        assertThat(img.getRGB(0, 0) & 0xffffff).isEqualTo(0xff0000);
        assertThat(img.getRGB(30, 20) & 0xffffff).isEqualTo(0x808080);
    }

    @Test
    void alphaOutputsKeepTheOverlaysAlphaAndOpaqueOnesAreFlattened() {
        byte[] clear = PngBytes.encode(solid(64, 64, PixelFormat.RGBA, 0, 0, 255, 0));
        byte[] halfRed = PngBytes.encode(solid(64, 64, PixelFormat.RGBA, 255, 0, 0, 128));
        BufferedImage png = read(render(clear, halfRed, "w=64&fmt=png&wm=logo.png"));
        int argb = png.getRGB(32, 32);
        assertThat(argb >>> 24).isBetween(126, 130);
        assertThat(argb >> 16 & 0xff).isBetween(253, 255);
        assertThat(argb & 0xffff).isZero();
        // JPEG: the transparent original is flattened on white first, then the half-red overlay over it
        BufferedImage jpeg = read(render(clear, halfRed, "w=64&fmt=jpeg&q=95&wm=logo.png"));
        int rgb = jpeg.getRGB(32, 32);
        assertThat(rgb >> 16 & 0xff).isGreaterThan(245);
        assertThat(rgb >> 8 & 0xff).isBetween(120, 136);
        assertThat(rgb & 0xff).isBetween(120, 136);
    }

    @Test
    void aGreyImageTakesAColouredOverlay() {
        BufferedImage g = new BufferedImage(50, 50, BufferedImage.TYPE_BYTE_GRAY);
        Arrays.fill(((java.awt.image.DataBufferByte) g.getRaster().getDataBuffer()).getData(), (byte) 100);
        byte[] grey = PngBytes.encode(g);
        BufferedImage img = read(render(grey, RED, "w=50&fmt=png&wm=logo.png&wm_gravity=north"));
        assertThat(img.getRGB(25, 5) & 0xffffff).isEqualTo(0xff0000);
        assertThat(img.getRGB(25, 30) & 0xffffff).isEqualTo(0x646464);
    }

    @Test
    void everyFrameOfAnAnimationGetsTheOverlay() {
        org.junit.jupiter.api.Assumptions.assumeTrue(pipeline.codecs().animationEncoder(
                dev.thumbd.spec.ImageFormat.WEBP).isPresent(), "libwebpmux present");
        byte[] gif = AnimatedImages.gif(0, new GifFrame(0, 0, 64, 48, 3, 10, "none"),
                new GifFrame(0, 0, 64, 48, 2, 10, "none"));
        Thumbnail t = render(gif, RED, "w=64&fmt=webp&q=100&wm=logo.png&wm_gravity=northwest");
        AnimatedImages.WebpAnimation a = AnimatedImages.readWebp(t.data());
        assertThat(a.frames()).hasSize(2);
        for (int i = 0; i < 2; i++) {
            int[] in = a.pixel(i, 5, 5);
            assertThat(in[0]).as("frame %d red", i).isGreaterThan(230);
            assertThat(in[1] + in[2]).as("frame %d", i).isLessThan(40);
            int[] out = a.pixel(i, 40, 30);
            assertThat(out[0]).as("frame %d outside", i).isLessThan(30);
        }
    }

    @Test
    void theDecodedOverlayIsKeptByKeyAndVersionAndUsedAsIs() {
        ThumbnailSpec spec = spec("w=200&fmt=png&wm=logo.png");
        pipeline.run(GREY, OverlayInput.encoded("logo.png", "\"v1\"", RED), spec, FormatChooser.NO_NEGOTIATION,
                new Scratch());
        DecodedOverlay kept = pipeline.overlays().get("logo.png", "\"v1\"").orElseThrow();
        assertThat(kept.pixels().width()).isEqualTo(20);
        assertThat(pipeline.overlays().get("logo.png", "\"v2\"")).isEmpty();
        // a decoded overlay given to the engine is the one laid over, whatever the key's bytes were
        PixelBuffer blue = solid(20, 10, PixelFormat.RGBA, 0, 0, 255, 255);
        Thumbnail t = pipeline.run(GREY, OverlayInput.decoded(new DecodedOverlay("logo.png", "\"v2\"", blue)), spec,
                FormatChooser.NO_NEGOTIATION, new Scratch());
        assertThat(read(t).getRGB(100, 50) & 0xffffff).isEqualTo(0x0000ff);
        pipeline.overlays().forget("logo.png");
        assertThat(pipeline.overlays().get("logo.png", "\"v1\"")).isEmpty();
        assertThat(pipeline.overlays().version("logo.png")).isEmpty();
    }

    @Test
    void aHugeOverlayHeaderIsRefusedBeforeDecoding() {
        byte[] bomb = PngBytes.withDeclaredSize(RED, 20_000, 20_000);
        assertThatThrownBy(() -> render(GREY, bomb, "w=200&wm=bomb.png"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.INVALID_OVERLAY);
                    assertThat(e.type().status()).isEqualTo(422);
                    assertThat(e.detail()).contains("wm=bomb.png", "thumbd.limits.max-overlay-pixels");
                });
        byte[] junk = "not an image at all, just text".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> render(GREY, junk, "w=200&wm=junk.png"))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.type()).isEqualTo(ProblemType.INVALID_OVERLAY));
        byte[] cut = Arrays.copyOf(PngBytes.encode(solid(300, 300, PixelFormat.RGB, 1, 2, 3)), 120);
        assertThatThrownBy(() -> render(GREY, cut, "w=200&wm=cut.png"))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.type()).isEqualTo(ProblemType.INVALID_OVERLAY));
    }

    @Test
    void aSpecWithAnOverlayButNoneGivenIsRefused() {
        assertThatThrownBy(() -> pipeline.run(GREY, spec("w=200&wm=logo.png"), FormatChooser.NO_NEGOTIATION,
                new Scratch())).isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.type()).isEqualTo(ProblemType.OVERLAY_NOT_FOUND));
    }

    @Test
    void theOverlayIsPricedFromItsHeader() {
        ThumbnailSpec plain = spec("w=200&fmt=png");
        ThumbnailSpec marked = spec("w=200&fmt=png&wm=logo.png&wm_scale=1");
        byte[] big = PngBytes.encode(solid(1000, 1000, PixelFormat.RGBA, 9, 9, 9, 9));
        RenderCost without = pipeline.probe(GREY, null, plain, FormatChooser.NO_NEGOTIATION).cost();
        RenderCost with = pipeline.probe(GREY, OverlayInput.encoded("logo.png", "v", big), marked,
                FormatChooser.NO_NEGOTIATION).cost();
        // its decode at full size (4 MB of RGBA alone) is in the price
        assertThat(with.heapBytes() - without.heapBytes()).isGreaterThan(4_000_000L);
        DecodedOverlay decoded = new DecodedOverlay("logo.png", "v", solid(1000, 1000, PixelFormat.RGBA, 0, 0, 0, 0));
        RenderCost held = pipeline.probe(GREY, OverlayInput.decoded(decoded), marked, FormatChooser.NO_NEGOTIATION)
                .cost();
        assertThat(held.heapBytes()).isLessThan(with.heapBytes()).isGreaterThan(without.heapBytes());
    }

    @Test
    void theScalarResamplerTakesTheScalarBlendAndMakesTheSamePixels() {
        ThumbnailPipeline scalar = new ThumbnailPipeline(Codecs.detect(true), Resamplers.named("scalar"),
                PipelineSettings.defaults());
        ThumbnailSpec spec = spec("w=100&fmt=png&wm=logo.png&wm_opacity=0.37&wm_scale=0.3");
        byte[] a = scalar.run(GREY, OverlayInput.encoded("logo.png", "v", RED), spec,
                FormatChooser.NO_NEGOTIATION, new Scratch()).data();
        byte[] b = pipeline.run(GREY, OverlayInput.encoded("logo.png", "v", RED), spec,
                FormatChooser.NO_NEGOTIATION, new Scratch()).data();
        assertThat(read(a).getRGB(50, 25)).isEqualTo(read(b).getRGB(50, 25));
    }

    private Thumbnail render(byte[] source, byte[] overlay, String query) {
        return pipeline.run(source, OverlayInput.encoded(spec(query).watermark().key(), "\"" + overlay.length + "\"",
                overlay), spec(query), FormatChooser.NO_NEGOTIATION, new Scratch());
    }

    private static ThumbnailSpec spec(String query) {
        return ThumbnailSpec.parse(QueryString.decode("src=x&" + query));
    }

    private static BufferedImage read(Thumbnail t) {
        return read(t.data());
    }

    private static BufferedImage read(byte[] data) {
        try {
            return ImageIO.read(new ByteArrayInputStream(data));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
