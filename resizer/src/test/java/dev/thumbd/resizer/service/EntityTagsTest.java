package dev.thumbd.resizer.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.resizer.codec.Codecs;
import dev.thumbd.resizer.kernel.Resamplers;
import dev.thumbd.resizer.pipeline.PipelineSettings;
import dev.thumbd.resizer.pipeline.ThumbnailPipeline;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A strong ETag changes with every input that changes a thumbnail's bytes, and with nothing else. */
class EntityTagsTest {

    @Test
    void eachInputChangesTheTag() {
        String tag = EntityTags.of("variant", "\"v1\"", "engine-1");
        assertThat(tag).matches("\"[A-Za-z0-9_-]{27}\"");
        assertThat(EntityTags.of("variant", "\"v1\"", "engine-1")).isEqualTo(tag);
        assertThat(List.of(tag, EntityTags.of("variant~economy", "\"v1\"", "engine-1"),
                EntityTags.of("variant", "\"v2\"", "engine-1"), EntityTags.of("variant", "\"v1\"", "engine-2")))
                .doesNotHaveDuplicates();
    }

    @Test
    void theEngineVersionFollowsCodecsSettingsAndTheMemoryBudget() {
        PipelineSettings defaults = PipelineSettings.defaults();
        String nativeCodecs = new ThumbnailPipeline(Codecs.detect(true), Resamplers.preferred(), defaults)
                .outputVersion();
        assertThat(new ThumbnailPipeline(Codecs.detect(true), Resamplers.preferred(), defaults).outputVersion())
                .isEqualTo(nativeCodecs);
        // the scalar and vector resamplers are bit-identical: not part of it
        assertThat(new ThumbnailPipeline(Codecs.detect(true), Resamplers.named("scalar"), defaults).outputVersion())
                .isEqualTo(nativeCodecs);
        // the pure-Java fallbacks make other bytes, and so do other encoder settings
        assertThat(new ThumbnailPipeline(Codecs.detect(false), Resamplers.preferred(), defaults).outputVersion())
                .isNotEqualTo(nativeCodecs);
        assertThat(new ThumbnailPipeline(Codecs.detect(true), Resamplers.preferred(), defaults.economy())
                .outputVersion()).isNotEqualTo(nativeCodecs);
        assertThat(nativeCodecs).startsWith("r" + ThumbnailPipeline.OUTPUT_REVISION + ";");
        // another pixel budget may plan a large render with more shrink-on-load: other bytes, another version
        var small = new dev.thumbd.resizer.admission.PixelBudget(80L << 20, 160L << 20, java.time.Duration.ofSeconds(1),
                n -> { });
        var large = new dev.thumbd.resizer.admission.PixelBudget(400L << 20, 800L << 20,
                java.time.Duration.ofSeconds(1), n -> { });
        String withSmall = new ThumbnailPipeline(Codecs.detect(true), Resamplers.preferred(), defaults,
                dev.thumbd.resizer.pipeline.SharedDecodes.NONE, small).outputVersion();
        assertThat(withSmall).isNotEqualTo(nativeCodecs)
                .isNotEqualTo(new ThumbnailPipeline(Codecs.detect(true), Resamplers.preferred(), defaults,
                        dev.thumbd.resizer.pipeline.SharedDecodes.NONE, large).outputVersion());
    }
}
