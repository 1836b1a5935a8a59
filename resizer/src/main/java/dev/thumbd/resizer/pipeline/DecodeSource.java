package dev.thumbd.resizer.pipeline;

import dev.thumbd.resizer.codec.Codecs;
import dev.thumbd.resizer.codec.Decoder;

/** Decodes the first frame, shrinking on load as far as the plan allows. */
final class DecodeSource implements Step {

    private final Codecs codecs;

    DecodeSource(Codecs codecs) {
        this.codecs = codecs;
    }

    @Override
    public Stage stage() {
        return Stage.DECODE;
    }

    @Override
    public void apply(Job job) {
        Decoder decoder = codecs.decoder(job.header().format()).orElseThrow();
        job.image = decoder.decode(job.source, job.plan().shrinkOnLoad(), job.scratch);
        job.blockShrunk = decoder.shrinksByBlocks();
    }
}
