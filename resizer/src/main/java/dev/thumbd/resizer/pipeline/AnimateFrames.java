package dev.thumbd.resizer.pipeline;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.codec.AnimationEncoder;
import dev.thumbd.resizer.codec.AnimationFrames;
import dev.thumbd.resizer.codec.Codecs;
import dev.thumbd.resizer.codec.EncodeOptions;
import java.util.List;

/**
 * An animation kept: every frame, decoded onto its full canvas, runs through the same pixel steps as a still (resize
 * with the same kernel, orient, colour, frame, filter) and is handed to the animation encoder with its delay, one
 * frame at a time, so a render holds the decoder's canvas, one frame's buffers and the encoder's state whatever the
 * frame count ({@link RenderCost} prices it so). The loop count is carried over.
 */
final class AnimateFrames {

    /** Runs one step on the job (timed, letting go of a large replaced image), as the still pipeline does. */
    interface StepRunner {
        void run(Step step, Job job, StageTimings timings);
    }

    private final Codecs codecs;
    private final PipelineSettings settings;
    private final List<Step> frameSteps;

    /** @param frameSteps the steps every frame goes through, between decode and encode */
    AnimateFrames(Codecs codecs, PipelineSettings settings, List<Step> frameSteps) {
        this.codecs = codecs;
        this.settings = settings;
        this.frameSteps = List.copyOf(frameSteps);
    }

    void render(Job job, StageTimings timings, StepRunner runner) {
        Plan p = job.plan();
        AnimationEncoder encoder = codecs.animationEncoder(job.outputFormat()).orElseThrow();
        EncodeOptions options = settings.encodeOptions(job.outputFormat(), job.spec.quality());
        long t0 = System.nanoTime();
        try (AnimationFrames frames = codecs.animationDecoder(job.header().format()).orElseThrow()
                .open(job.source, job.scratch)) {
            requireAsProbed(job, frames);
            timings.add(Stage.DECODE, System.nanoTime() - t0);
            try (AnimationEncoder.Sink sink = encoder.begin(p.canvasWidth(), p.canvasHeight(), frames.loopCount(),
                    options, job.scratch)) {
                for (int i = 0; i < frames.frameCount(); i++) {
                    long t = System.nanoTime();
                    job.image = frames.next();
                    job.blockShrunk = false;
                    timings.add(Stage.DECODE, System.nanoTime() - t);
                    for (Step step : frameSteps) {
                        runner.run(step, job, timings);
                    }
                    t = System.nanoTime();
                    sink.add(job.image(), frames.delayMs());
                    timings.add(Stage.ENCODE, System.nanoTime() - t);
                }
                long t = System.nanoTime();
                job.encoded = sink.finish();
                job.outputFrames = frames.frameCount();
                timings.add(Stage.ENCODE, System.nanoTime() - t);
            }
        }
    }

    /** The decoder must see what the probe priced and bounded: the same canvas, no more frames. */
    static void requireAsProbed(Job job, AnimationFrames frames) {
        var h = job.header();
        if (frames.width() != h.width() || frames.height() != h.height() || frames.frameCount() > h.frames()
                || frames.frameCount() < 1) {
            throw new ProblemException(ProblemType.CORRUPT_IMAGE, "The animation is broken: its decoder reads "
                    + frames.frameCount() + " frames of " + frames.width() + "x" + frames.height() + " where the "
                    + "header declares " + h.frames() + " of " + h.width() + "x" + h.height());
        }
    }
}
