package dev.thumbd.resizer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.resizer.fixture.JpegBytes;
import dev.thumbd.resizer.fixture.PngBytes;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.resizer.placeholder.Placeholder;
import dev.thumbd.resizer.placeholder.ThumbHash;
import org.junit.jupiter.api.Test;

/** Placeholders through the engine: the smallest decode, upright, priced well under a render. */
class PlaceholderPipelineTest {

    private static final dev.thumbd.spec.ThumbnailSpec WHOLE = dev.thumbd.spec.ThumbnailSpec.builder("x").build();

    private final ThumbnailPipeline pipeline = ThumbnailPipeline.withDefaults();

    @Test
    void aLargeJpegIsDecodedAtAnEighthAndFittedInside100() {
        byte[] jpeg = JpegBytes.encode(SourceEditPixelsTest.quadrants(3200, 1600), 90);
        Probed p = pipeline.probePlaceholder(jpeg, WHOLE);
        assertThat(p.plan().shrinkOnLoad()).isGreaterThanOrEqualTo(8);
        Placeholder ph = pipeline.placeholder(jpeg, WHOLE, p, new Scratch());
        assertThat(ph.width()).isEqualTo(100);
        assertThat(ph.height()).isEqualTo(50);
        // a quarter of each colour: the dominant colour is one of them, close to the pure colour
        int d = ph.dominant();
        assertThat(java.util.stream.IntStream.of(0xff0000, 0x00ff00, 0x0000ff, 0xffff00).map(c -> distance(c, d)).min()
                .orElseThrow()).as("%06x", d).isLessThan(24);
        // the same as the hash of the pixels it was made from, within the 4-bit quantisation: the header's average
        // luminance (6 bits) is that of the quadrants' mean, (1/3 + 1/3 + 1/3 + 2/3) / 4 = 5/12
        int lDc = ph.thumbHash()[0] & 63;
        assertThat(lDc).isBetween(24, 28);
        RenderCost full = pipeline.estimate(jpeg, dev.thumbd.spec.ThumbnailSpec.builder("x").width(1600).build(),
                FormatChooser.NO_NEGOTIATION);
        assertThat(p.cost().peakBytes()).isLessThan(full.peakBytes() / 4);
    }

    @Test
    void theExifOrientationIsApplied() {
        byte[] jpeg = JpegBytes.withSegment(JpegBytes.encode(SourceEditPixelsTest.quadrants(800, 400), 95), 0xE1,
                JpegBytes.exifOrientation(6));
        Placeholder ph = pipeline.placeholder(jpeg, WHOLE, null, new Scratch());
        assertThat(ph.width()).isEqualTo(50);
        assertThat(ph.height()).isEqualTo(100);
        // bit 15 of the second header: landscape; a portrait placeholder has it clear
        assertThat(ph.thumbHash()[4] & 0x80).isZero();
    }

    @Test
    void theRequestsCropAndTurnApply() {
        byte[] png = PngBytes.encode(SourceEditPixelsTest.quadrants(400, 200));
        dev.thumbd.spec.ThumbnailSpec green = dev.thumbd.spec.ThumbnailSpec.builder("x")
                .crop(new dev.thumbd.spec.Crop(200, 0, 200, 100)).rotate(90).build();
        Placeholder ph = pipeline.placeholder(png, green, null, new Scratch());
        assertThat(ph.dominantHex()).isEqualTo("#00ff00");
        // 200x100 turned to 100x200, inside 100x100
        assertThat(ph.width()).isEqualTo(50);
        assertThat(ph.height()).isEqualTo(100);
    }

    @Test
    void aSmallTransparentPngKeepsItsSizeAndItsAlpha() {
        byte[] px = new byte[20 * 10 * 4];
        for (int i = 0; i < 200; i++) {
            px[i * 4] = (byte) 200;
            px[i * 4 + 3] = (byte) (i % 20 < 10 ? 255 : 0);
        }
        Placeholder ph = pipeline.placeholder(PngBytes.encode(new PixelBuffer(px, 20, 10, PixelFormat.RGBA)),
                WHOLE, null, new Scratch());
        assertThat(ph.width()).isEqualTo(20);
        assertThat(ph.height()).isEqualTo(10);
        assertThat(ph.dominantHex()).isEqualTo("#c80000");
        // bit 23 of the first header: the hash carries alpha
        assertThat(ph.thumbHash()[2] & 0x80).isNotZero();
        assertThat(ph.thumbHash().length).isLessThan(ThumbHash.MAX_SIDE);
    }

    private static int distance(int a, int b) {
        int d = 0;
        for (int s = 0; s < 24; s += 8) {
            d = Math.max(d, Math.abs((a >> s & 0xff) - (b >> s & 0xff)));
        }
        return d;
    }
}
