package dev.thumbd.resizer.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.resizer.pipeline.ThumbnailPipeline;
import dev.thumbd.spec.Fit;
import dev.thumbd.spec.ThumbnailSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class DegradedRenderingTest {

    private final DegradedRendering d = new DegradedRendering(() -> 2, ThumbnailPipeline.withDefaults(), 1000,
            List.of(1280, 320, 640, 640, 9000));

    @Test
    void capKeepsTheAspectRatioAndCountsDevicePixels() {
        ThumbnailSpec wide = ThumbnailSpec.builder("a.jpg").width(2000).height(500).build();
        assertThat(d.cap(wide)).extracting(ThumbnailSpec::width, ThumbnailSpec::height).containsExactly(1000, 250);
        ThumbnailSpec retina = ThumbnailSpec.builder("a.jpg").width(800).dpr(2).build();
        assertThat(d.cap(retina)).extracting(ThumbnailSpec::width, ThumbnailSpec::height).containsExactly(500, 0);
        ThumbnailSpec small = ThumbnailSpec.builder("a.jpg").width(300).build();
        assertThat(d.cap(small)).isSameAs(small);
        ThumbnailSpec original = ThumbnailSpec.builder("a.jpg").build();
        assertThat(d.cap(original)).extracting(ThumbnailSpec::width, ThumbnailSpec::height, ThumbnailSpec::fit)
                .containsExactly(1000, 1000, Fit.INSIDE);
    }

    @Test
    void largerWidthsComeNearestFirstWithTheHeightFollowing() {
        ThumbnailSpec spec = ThumbnailSpec.builder("a.jpg").width(400).height(300).build();
        assertThat(d.larger(spec)).extracting(ThumbnailSpec::width, ThumbnailSpec::height)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(640, 480),
                        org.assertj.core.groups.Tuple.tuple(1280, 960));
        assertThat(d.larger(ThumbnailSpec.builder("a.jpg").height(300).build())).isEmpty();
        assertThat(d.larger(ThumbnailSpec.builder("a.jpg").width(1280).build())).isEmpty();
    }
}
