package dev.thumbd.resizer.pipeline;

import dev.thumbd.resizer.codec.Codecs;
import dev.thumbd.resizer.codec.Decoder;

/** Decodes the first frame, shrinking on load as far as the plan allows; a decode in progress elsewhere is shared. */
final class DecodeSource implements Step {

    private final Codecs codecs;
    private final SharedDecodes shared;

    DecodeSource(Codecs codecs, SharedDecodes shared) {
        this.codecs = codecs;
        this.shared = shared;
    }

    @Override
    public Stage stage() {
        return Stage.DECODE;
    }

    @Override
    public void apply(Job job) {
        Decoder decoder = codecs.decoder(job.header().format()).orElseThrow();
        int shrink = job.plan().shrinkOnLoad();
        // what the decoder really produces: a decoder without shrink-on-load returns the full size whatever it is
        // allowed, and the shared copy is priced (and keyed) by that
        int load = Math.max(1, decoder.loadShrink(shrink));
        long w = (job.header().width() + load - 1) / load;
        long h = (job.header().height() + load - 1) / load;
        job.image = shared.decode(job.source, shrink, load, w * h * 4 * (job.header().bitDepth() > 8 ? 2 : 1),
                decoder, job.scratch);
        job.blockShrunk = decoder.shrinksByBlocks();
    }
}
