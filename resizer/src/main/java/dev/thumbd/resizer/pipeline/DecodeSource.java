package dev.thumbd.resizer.pipeline;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.codec.AnimationFrames;
import dev.thumbd.resizer.codec.Codecs;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.codec.Decoder;

/**
 * Decodes the first frame (or frame N of an animation, {@code frame=N}), shrinking on load as far as the plan allows; a decode in progress elsewhere is shared. */
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
        if (job.frames == Probed.Frames.PICKED) {
            decodeFrame(job);
            return;
        }
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

    /** {@code frame=N} (or the first frame): frames 0..N composited in turn (a frame may build on those before it), N kept. */
    private void decodeFrame(Job job) {
        try (AnimationFrames frames = codecs.animationDecoder(job.header().format()).orElseThrow()
                .open(job.source, job.scratch)) {
            AnimateFrames.requireAsProbed(job, frames);
            int wanted = Math.max(0, job.spec.frame());   // frame unset: the first
            if (wanted >= frames.frameCount()) {
                throw new ProblemException(ProblemType.CORRUPT_IMAGE, "The animation is broken: frame "
                        + wanted + " is declared but its decoder reads " + frames.frameCount());
            }
            PixelBuffer image = null;
            for (int i = 0; i <= wanted; i++) {
                image = frames.next();
            }
            job.image = image;
            job.blockShrunk = false;
        }
    }
}
