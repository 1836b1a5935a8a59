package dev.thumbd.resizer.pipeline;

import dev.thumbd.resizer.codec.Codecs;
import dev.thumbd.resizer.codec.EncodeOptions;

/** Encodes the finished pixels in the resolved format; no metadata is carried over. */
final class EncodeImage implements Step {

    private final Codecs codecs;
    private final PipelineSettings settings;

    EncodeImage(Codecs codecs, PipelineSettings settings) {
        this.codecs = codecs;
        this.settings = settings;
    }

    @Override
    public Stage stage() {
        return Stage.ENCODE;
    }

    @Override
    public void apply(Job job) {
        EncodeOptions options = settings.encodeOptions(job.outputFormat(), job.spec.quality());
        job.encoded = codecs.encoder(job.outputFormat()).orElseThrow().encode(job.image(), options, job.scratch);
    }
}
