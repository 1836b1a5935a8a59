package dev.thumbd.resizer.pipeline;

import dev.thumbd.resizer.codec.Codecs;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.resizer.kernel.Resampler;
import dev.thumbd.resizer.kernel.Resamplers;
import dev.thumbd.resizer.probe.HeaderProbe;
import dev.thumbd.resizer.probe.ImageHeader;
import dev.thumbd.spec.ThumbnailSpec;
import java.util.List;
import java.util.Objects;

/**
 * The thumbnail engine: a fixed, ordered list of steps run on the calling thread with its {@link Scratch}.
 *
 * <p>{@link #steps} is the whole pipeline on one screen, as imgproxy lists its own: probe (limits, format, plan),
 * decode with shrink-on-load, resize, orient, colour, frame (crop / pad / flatten), filter, encode. Orientation and
 * colour management run after the resize, on a fraction of the pixels, as in libvips' thumbnail (a transposing
 * orientation swaps the resize axes; CMYK resizes fine as four plain channels; ICC transforms are expensive per
 * pixel). Each step is
 * timed into {@link StageTimings}. The pipeline is stateless and thread-safe; a caller runs it on a CPU worker
 * (never an event loop), one {@link Scratch} per worker thread.
 */
public final class ThumbnailPipeline {

    private final List<Step> steps;
    private final PipelineSettings settings;
    private final Codecs codecs;
    private final Resampler resampler;

    public ThumbnailPipeline(Codecs codecs, Resampler resampler, PipelineSettings settings) {
        this(codecs, resampler, settings, SharedDecodes.NONE);
    }

    /** @param decodes decodes shared among concurrent jobs on one original ({@link SharedDecodes#NONE}: none) */
    public ThumbnailPipeline(Codecs codecs, Resampler resampler, PipelineSettings settings, SharedDecodes decodes) {
        this.codecs = Objects.requireNonNull(codecs);
        this.resampler = Objects.requireNonNull(resampler);
        this.settings = Objects.requireNonNull(settings);
        this.steps = steps(codecs, resampler, settings, Objects.requireNonNull(decodes));
    }

    /** Native codecs where present, the fastest resampler, default settings. */
    public static ThumbnailPipeline withDefaults() {
        return new ThumbnailPipeline(Codecs.detect(true), Resamplers.preferred(), PipelineSettings.defaults());
    }

    private static List<Step> steps(Codecs codecs, Resampler resampler, PipelineSettings settings,
            SharedDecodes decodes) {
        return List.of(
                new ProbeSource(settings.limits(), new Planner(settings.minReduceFactor()), codecs),
                new DecodeSource(codecs, decodes),
                new ResizeImage(resampler, settings.kernel()),
                new AutoOrient(),
                new ConvertColour(),
                new FrameImage(),
                new ApplyFilters(resampler),
                new EncodeImage(codecs, settings));
    }

    /**
     * Makes one thumbnail.
     *
     * @throws dev.thumbd.problem.ProblemException for anything wrong with the request or the source (4xx types)
     */
    public Thumbnail run(byte[] source, ThumbnailSpec spec, FormatChooser chooser, Scratch scratch) {
        Job job = new Job(source, spec, chooser, scratch);
        StageTimings timings = new StageTimings();
        for (Step step : steps) {
            long t0 = System.nanoTime();
            step.apply(job);
            timings.add(step.stage(), System.nanoTime() - t0);
        }
        byte[] data = Objects.requireNonNull(job.encoded, "encode step produced nothing");
        return new Thumbnail(data, job.outputFormat(), job.image().width(), job.image().height(), job.header(),
                job.plan(), timings);
    }

    /** Reads and checks the header only (for {@code /v1/info} and benchmarks). */
    public ImageHeader probe(byte[] source) {
        return HeaderProbe.probe(source, settings.limits());
    }

    public Codecs codecs() {
        return codecs;
    }

    public Resampler resampler() {
        return resampler;
    }

    public PipelineSettings settings() {
        return settings;
    }
}
