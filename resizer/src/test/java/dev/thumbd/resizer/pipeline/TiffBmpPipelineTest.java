package dev.thumbd.resizer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.fixture.IccProfiles;
import dev.thumbd.resizer.fixture.TiffBytes;
import dev.thumbd.resizer.fixture.TiffBytes.Page;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.resizer.probe.HeaderProbe;
import dev.thumbd.resizer.probe.ImageHeader;
import dev.thumbd.resizer.probe.ProbeLimits;
import dev.thumbd.spec.ImageFormat;
import dev.thumbd.spec.QueryString;
import dev.thumbd.spec.ThumbnailSpec;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** TIFF (TwelveMonkeys) and BMP (JDK) sources through the whole engine, and hostile ones refused before decoding. */
class TiffBmpPipelineTest {

    private static final int W = 96;
    private static final int H = 64;
    private static final int[] RED = {230, 30, 30};
    private static final int[] GREEN = {30, 200, 30};
    private static final int[] BLUE = {30, 30, 230};
    private static final int[] WHITE = {240, 240, 240};

    private final ThumbnailPipeline pipeline = ThumbnailPipeline.withDefaults();
    private final Scratch scratch = new Scratch();

    @AfterEach
    void close() {
        scratch.close();
    }

    private Thumbnail run(byte[] source, String query) {
        return pipeline.run(source, ThumbnailSpec.parse(QueryString.decode("src=x&" + query)),
                FormatChooser.NO_NEGOTIATION, scratch);
    }

    private ProblemType refusal(byte[] source) {
        try {
            run(source, "w=40&fmt=png");
        } catch (ProblemException e) {
            return e.type();
        }
        throw new AssertionError("not refused");
    }

    /** Four flat quadrants as interleaved samples: red, green / blue, white; alpha 128 on the right when asked. */
    private static byte[] quadrants(boolean alpha) {
        int c = alpha ? 4 : 3;
        byte[] d = new byte[W * H * c];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int[] rgb = y < H / 2 ? (x < W / 2 ? RED : GREEN) : (x < W / 2 ? BLUE : WHITE);
                int o = (y * W + x) * c;
                for (int k = 0; k < 3; k++) {
                    d[o + k] = (byte) rgb[k];
                }
                if (alpha) {
                    d[o + 3] = (byte) (x < W / 2 ? 255 : 128);
                }
            }
        }
        return d;
    }

    private static int[] at(Thumbnail t, int qx, int qy) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(t.data()));
        int argb = image.getRGB(image.getWidth() * (2 * qx + 1) / 4, image.getHeight() * (2 * qy + 1) / 4);
        return new int[] {(argb >> 16) & 0xFF, (argb >> 8) & 0xFF, argb & 0xFF, argb >>> 24};
    }

    private static void assertClose(int[] actual, int[] expected, int tolerance, String what) {
        for (int k = 0; k < expected.length; k++) {
            assertThat(Math.abs(actual[k] - expected[k])).as("%s: %s vs %s", what, Arrays.toString(actual),
                    Arrays.toString(expected)).isLessThanOrEqualTo(tolerance);
        }
    }

    @Test
    void anRgbTiffBecomesAThumbnail() throws Exception {
        byte[] tiff = TiffBytes.write(List.of(Page.of(W, H, 3, 2, false, quadrants(false))));
        ImageHeader h = HeaderProbe.probe(tiff, ProbeLimits.defaults());
        assertThat(h.format()).isEqualTo(ImageFormat.TIFF);
        assertThat(h.width()).isEqualTo(W);
        Thumbnail t = run(tiff, "w=48&fmt=png");
        assertThat(t.width()).isEqualTo(48);
        assertThat(t.height()).isEqualTo(32);
        assertClose(at(t, 0, 0), RED, 4, "top left");
        assertClose(at(t, 1, 0), GREEN, 4, "top right");
        assertClose(at(t, 0, 1), BLUE, 4, "bottom left");
        assertClose(at(t, 1, 1), WHITE, 4, "bottom right");
    }

    @Test
    void aBigEndianTiffWithOrientationSixIsTurned() throws Exception {
        byte[] tiff = TiffBytes.write(List.of(Page.of(W, H, 3, 2, false, quadrants(false)).withOrientation(6)),
                ByteOrder.BIG_ENDIAN, false);
        Thumbnail t = run(tiff, "w=32&fmt=png");
        assertThat(t.width()).isEqualTo(32);
        assertThat(t.height()).isEqualTo(48);
        // 90 degrees clockwise: the left edge becomes the top edge
        assertClose(at(t, 0, 0), BLUE, 4, "top left");
        assertClose(at(t, 1, 0), RED, 4, "top right");
    }

    @Test
    void alphaIsKept() throws Exception {
        byte[] tiff = TiffBytes.write(List.of(Page.of(W, H, 4, 2, true, quadrants(true))));
        assertThat(HeaderProbe.probe(tiff, ProbeLimits.defaults()).alpha()).isTrue();
        Thumbnail t = run(tiff, "w=48&fmt=png");
        assertClose(at(t, 0, 0), new int[] {230, 30, 30, 255}, 4, "opaque left");
        assertThat(at(t, 1, 0)[3]).isBetween(120, 136);
    }

    @Test
    void onlyTheFirstPageIsRendered() throws Exception {
        byte[] blue = new byte[W * H * 3];
        for (int i = 2; i < blue.length; i += 3) {
            blue[i] = (byte) 255;
        }
        byte[] tiff = TiffBytes.write(List.of(Page.of(W, H, 3, 2, false, quadrants(false)),
                Page.of(W, H, 3, 2, false, blue)));
        assertClose(at(run(tiff, "w=48&fmt=png"), 0, 0), RED, 4, "first page");
    }

    /** Cyan ink only (C=255, M=Y=K=0) comes out cyan: naively, and through an embedded CMYK profile. */
    @Test
    void cmykTiffGoesThroughTheCmykConversion() throws Exception {
        byte[] inks = new byte[W * H * 4];
        for (int i = 0; i < inks.length; i += 4) {
            inks[i] = (byte) 255;
        }
        byte[] naive = TiffBytes.write(List.of(Page.of(W, H, 4, 5, false, inks)));
        assertThat(HeaderProbe.probe(naive, ProbeLimits.defaults()).cmyk()).isTrue();
        int[] c = at(run(naive, "w=48&fmt=png"), 0, 0);
        assertClose(c, new int[] {0, 255, 255}, 8, "naive cyan");

        byte[] profiled = TiffBytes.write(List.of(Page.of(W, H, 4, 5, false, inks).withIcc(IccProfiles.cmyk())));
        int[] p = at(run(profiled, "w=48&fmt=png"), 0, 0);
        assertThat(p[0]).as(Arrays.toString(p)).isLessThan(100);
        assertThat(p[1]).as(Arrays.toString(p)).isGreaterThan(150);
        assertThat(p[2]).as(Arrays.toString(p)).isGreaterThan(150);
    }

    @Test
    void hostileTiffsAreRefusedBeforeDecoding() {
        byte[] pixel = {1, 2, 3};
        assertThat(refusal(TiffBytes.write(List.of(Page.of(60000, 60000, 3, 2, false, pixel)))))
                .isEqualTo(ProblemType.IMAGE_TOO_LARGE);
        List<Page> many = new ArrayList<>(Collections.nCopies(300, Page.of(1, 1, 3, 2, false, pixel)));
        assertThat(refusal(TiffBytes.write(many))).isEqualTo(ProblemType.IMAGE_TOO_LARGE);
        assertThat(refusal(TiffBytes.write(List.of(Page.of(1, 1, 3, 2, false, pixel),
                Page.of(1, 1, 3, 2, false, pixel)), ByteOrder.LITTLE_ENDIAN, true)))
                .isEqualTo(ProblemType.CORRUPT_IMAGE);
        // a Deflate bomb: 30000 x 30000 declared over a few hundred bytes
        byte[] bomb = TiffBytes.write(List.of(new Page(30000, 30000, 3, 2, false, TiffBytes.deflatedZeros(1 << 20),
                true, 1, null)));
        assertThat(bomb.length).isLessThan(4096);
        assertThat(refusal(bomb)).isEqualTo(ProblemType.IMAGE_TOO_LARGE);
        byte[] good = TiffBytes.write(List.of(Page.of(W, H, 3, 2, false, quadrants(false))));
        for (int cut : new int[] {6, good.length - 30, good.length - 100}) {
            assertThat(refusal(Arrays.copyOf(good, cut))).as("cut at %d", cut).isEqualTo(ProblemType.CORRUPT_IMAGE);
        }
        // the strip cut short (its pixels end before the image does)
        byte[] shortStrip = TiffBytes.write(List.of(Page.of(W, H, 3, 2, false, Arrays.copyOf(quadrants(false), 999))));
        assertThat(refusal(shortStrip)).isEqualTo(ProblemType.CORRUPT_IMAGE);
    }

    @Test
    void aBmpBecomesAThumbnail() throws Exception {
        BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_3BYTE_BGR);
        byte[] q = quadrants(false);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int o = (y * W + x) * 3;
                image.setRGB(x, y, (q[o] & 0xFF) << 16 | (q[o + 1] & 0xFF) << 8 | (q[o + 2] & 0xFF));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, "bmp", out)).isTrue();
        byte[] bmp = out.toByteArray();
        ImageHeader h = HeaderProbe.probe(bmp, ProbeLimits.defaults());
        assertThat(h.format()).isEqualTo(ImageFormat.BMP);
        assertThat(h.width()).isEqualTo(W);
        assertThat(h.height()).isEqualTo(H);
        Thumbnail t = run(bmp, "w=48&fmt=jpeg&q=95");
        assertThat(t.width()).isEqualTo(48);
        assertThat(t.height()).isEqualTo(32);
        BufferedImage jpeg = ImageIO.read(new ByteArrayInputStream(t.data()));
        int rgb = jpeg.getRGB(12, 8);
        assertClose(new int[] {(rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF}, RED, 12, "top left");

        byte[] huge = bmp.clone();
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putInt(18, 60000).putInt(22, -60000);
        assertThat(refusal(huge)).isEqualTo(ProblemType.IMAGE_TOO_LARGE);
        assertThat(refusal(Arrays.copyOf(bmp, 30))).isEqualTo(ProblemType.CORRUPT_IMAGE);
        assertThat(refusal(Arrays.copyOf(bmp, bmp.length / 2))).isEqualTo(ProblemType.CORRUPT_IMAGE);
    }
}
