package dev.thumbd.resizer.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.resizer.fixture.Images;
import dev.thumbd.resizer.fixture.Fixtures;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.resizer.pipeline.FormatChooser;
import dev.thumbd.resizer.pipeline.Thumbnail;
import dev.thumbd.resizer.pipeline.ThumbnailPipeline;
import dev.thumbd.spec.QueryString;
import dev.thumbd.spec.ThumbnailSpec;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OrientationTest {

    /** 3x2 image with pixel values 0..5 in reading order. */
    private static PixelBuffer tiny() {
        return new PixelBuffer(new byte[] {0, 1, 2, 3, 4, 5}, 3, 2, PixelFormat.GRAY);
    }

    private static String rows(PixelBuffer p) {
        StringBuilder s = new StringBuilder();
        for (int y = 0; y < p.height(); y++) {
            for (int x = 0; x < p.width(); x++) {
                s.append(p.data()[y * p.width() + x]);
            }
            s.append('/');
        }
        return s.toString();
    }

    @Test
    void everyOrientationIsTheRightPermutation() {
        try (Scratch s = new Scratch()) {
            // stored:  012 / 345 ; each orientation's displayed image per the EXIF specification
            assertThat(rows(Orientation.apply(tiny(), 1, s))).isEqualTo("012/345/");
            assertThat(rows(Orientation.apply(tiny(), 2, s))).isEqualTo("210/543/");
            assertThat(rows(Orientation.apply(tiny(), 3, s))).isEqualTo("543/210/");
            assertThat(rows(Orientation.apply(tiny(), 4, s))).isEqualTo("345/012/");
            assertThat(rows(Orientation.apply(tiny(), 5, s))).isEqualTo("03/14/25/");
            assertThat(rows(Orientation.apply(tiny(), 6, s))).isEqualTo("30/41/52/");
            assertThat(rows(Orientation.apply(tiny(), 7, s))).isEqualTo("52/41/30/");
            assertThat(rows(Orientation.apply(tiny(), 8, s))).isEqualTo("25/14/03/");
        }
    }

    /** Every real photo, whatever its EXIF orientation, comes out looking like the upright one. */
    @ParameterizedTest
    @ValueSource(strings = {"Landscape", "Portrait"})
    void realPhotosComeOutUpright(String kind) throws IOException {
        ThumbnailPipeline pipeline = ThumbnailPipeline.withDefaults();
        try (Scratch scratch = new Scratch()) {
            BufferedImage upright = thumbnail(pipeline, Fixtures.orientation(kind, 1), scratch);
            for (int n = 2; n <= 8; n++) {
                BufferedImage other = thumbnail(pipeline, Fixtures.orientation(kind, n), scratch);
                assertThat(other.getWidth()).as(kind + "_" + n).isEqualTo(upright.getWidth());
                assertThat(other.getHeight()).as(kind + "_" + n).isEqualTo(upright.getHeight());
                assertThat(Images.meanAbsDiff(other, upright)).as(kind + "_" + n).isLessThan(8.0);
            }
        }
    }

    private static BufferedImage thumbnail(ThumbnailPipeline p, byte[] jpeg, Scratch scratch) throws IOException {
        ThumbnailSpec spec = ThumbnailSpec.parse(QueryString.decode("src=x&w=120&h=120&fit=inside&fmt=png"));
        Thumbnail t = p.run(jpeg, spec, FormatChooser.NO_NEGOTIATION, scratch);
        return ImageIO.read(new ByteArrayInputStream(t.data()));
    }
}
