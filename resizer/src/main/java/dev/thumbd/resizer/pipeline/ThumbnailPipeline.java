package dev.thumbd.resizer.pipeline;

import dev.thumbd.resizer.codec.Codecs;
import dev.thumbd.resizer.codec.EncodeOptions;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.resizer.kernel.OverBlend;
import dev.thumbd.resizer.kernel.Resampler;
import dev.thumbd.resizer.kernel.ScalarOverBlend;
import dev.thumbd.resizer.overlay.OverlayCache;
import dev.thumbd.resizer.overlay.OverlayDecoder;
import dev.thumbd.resizer.overlay.OverlayInput;
import dev.thumbd.resizer.kernel.Resamplers;
import dev.thumbd.resizer.placeholder.Placeholder;
import dev.thumbd.resizer.placeholder.ThumbHash;
import dev.thumbd.resizer.probe.HeaderProbe;
import dev.thumbd.resizer.probe.ImageHeader;
import dev.thumbd.spec.ImageFormat;
import dev.thumbd.spec.ThumbnailSpec;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The thumbnail engine: a fixed, ordered list of steps run on the calling thread with its {@link Scratch}.
 *
 * <p>{@link #steps} is the whole pipeline on one screen, as imgproxy lists its own: probe (limits, format, plan),
 * decode with shrink-on-load, crop (the request's rectangle, scaled by the shrink), trim (a uniform border, then the plan made again), resize, orient (EXIF with the
 * request's rotate and flop), colour, frame (crop / pad / flatten), filter, overlay ({@code wm}), encode. Orientation and
 * colour management run after the resize, on a fraction of the pixels, as in libvips' thumbnail (a transposing
 * orientation swaps the resize axes; CMYK resizes fine as four plain channels; ICC transforms are expensive per
 * pixel). Each step is
 * timed into {@link StageTimings}. The pipeline is stateless and thread-safe; a caller runs it on a CPU worker
 * (never an event loop), one {@link Scratch} per worker thread.
 */
public final class ThumbnailPipeline {

    private final List<Step> steps;
    private final ProbeSource probe;
    /** Placeholders: shrink-on-load as far as the decoder goes, every step but the encode. */
    private final ProbeSource placeholderProbe;
    private final List<Step> placeholderSteps;
    /** {@code fmt=lqip}: the placeholder steps, then its drawing encoded as PNG. */
    private final List<Step> lqipSteps;
    private final PipelineSettings settings;
    private final Codecs codecs;
    private final Resampler resampler;
    private final MemoryGate gate;
    private final SharedDecodes decodes;
    private final AnimateFrames animation;
    private final OverlayCache overlays;

    public ThumbnailPipeline(Codecs codecs, Resampler resampler, PipelineSettings settings) {
        this(codecs, resampler, settings, SharedDecodes.NONE);
    }

    /** @param decodes decodes shared among concurrent jobs on one original ({@link SharedDecodes#NONE}: none) */
    public ThumbnailPipeline(Codecs codecs, Resampler resampler, PipelineSettings settings, SharedDecodes decodes) {
        this(codecs, resampler, settings, decodes, MemoryGate.UNLIMITED);
    }

    /**
     * @param decodes decodes shared among concurrent jobs on one original ({@link SharedDecodes#NONE}: none)
     * @param gate    admits each render's memory after the probe and before the decode (the service's pixel budget)
     */
    public ThumbnailPipeline(Codecs codecs, Resampler resampler, PipelineSettings settings, SharedDecodes decodes,
            MemoryGate gate) {
        this(codecs, resampler, settings, decodes, gate, new OverlayCache(DEFAULT_OVERLAY_CACHE_BYTES));
    }

    /** What the decoded overlays a pipeline keeps may hold when not configured: 4 MiB (a 1 MP overlay, or many logos). */
    public static final long DEFAULT_OVERLAY_CACHE_BYTES = 4L << 20;

    /**
     * @param overlays decoded overlays ({@code wm}) kept by key and version, bounded by bytes
     *                 ({@code thumbd.memory.overlays})
     */
    public ThumbnailPipeline(Codecs codecs, Resampler resampler, PipelineSettings settings, SharedDecodes decodes,
            MemoryGate gate, OverlayCache overlays) {
        this.overlays = Objects.requireNonNull(overlays);
        this.codecs = Objects.requireNonNull(codecs);
        this.resampler = Objects.requireNonNull(resampler);
        this.settings = Objects.requireNonNull(settings);
        this.gate = Objects.requireNonNull(gate);
        this.probe = new ProbeSource(settings, codecs, gate);
        this.steps = steps(probe, codecs, resampler, settings, Objects.requireNonNull(decodes), overlays);
        this.decodes = decodes;
        // an animation kept: the steps between decode and encode, once per frame (a crop or a trim makes a still,
        // ProbeSource: here CropSource only finds the frame's extent and TrimSource does nothing)
        this.animation = new AnimateFrames(codecs, settings, steps.subList(2, steps.size() - 1));
        PipelineSettings fastest = settings.withMinReduceFactor(1.0);
        this.placeholderProbe = new ProbeSource(fastest, codecs, gate);
        List<Step> all = steps(placeholderProbe, codecs, resampler, fastest, decodes, overlays);
        this.placeholderSteps = all.subList(0, all.size() - 2);   // no overlay, no encode
        this.lqipSteps = java.util.stream.Stream.concat(placeholderSteps.stream(),
                java.util.stream.Stream.of(new EncodePlaceholder(codecs, fastest))).toList();
    }

    /**
     * Raised whenever a change of the engine's code changes the bytes it makes for the same original and spec (a
     * kernel fix, another default, a new colour path). It is part of {@link #outputVersion()} and so of every ETag:
     * thumbnails made before the change are not validated as the same bytes after it.
     */
    public static final int OUTPUT_REVISION = 4;   // 3: animations kept, frame=N; 4: the AVIF imir axis as the spec reads it

    /**
     * What besides the original and the spec determines the bytes this engine makes: {@link #OUTPUT_REVISION}, the
     * kernel and shrink-on-load rule, the encoders' default settings, and which implementation decodes and encodes
     * each format (a native library or its pure-Java fallback make different bytes), and the memory gate's budget: a
     * render too large for the budget at the quality rule's shrink-on-load is made with shrink-on-load as far as the
     * decoder goes (other pixels), so servers with other budgets may make other bytes of one request. Size limits are
     * not part of it (they refuse, they do not change what is made); neither is the resampler (its vector and scalar
     * twins are bit-identical).
     */
    public String outputVersion() {
        StringBuilder b = new StringBuilder(256).append('r').append(OUTPUT_REVISION)
                .append(";kernel=").append(settings.kernel()).append(";reduce=").append(settings.minReduceFactor())
                .append(";memory=").append(gate.describe());
        for (ImageFormat f : ImageFormat.values()) {
            b.append(';').append(f.token()).append(':');
            codecs.decoder(f).ifPresent(d -> b.append("dec=").append(d.implementation()));
            codecs.encoder(f).ifPresent(e -> b.append(",enc=").append(e.implementation()));
            codecs.animationDecoder(f).ifPresent(d -> b.append(",frames=").append(d.implementation()));
            codecs.animationEncoder(f).ifPresent(e -> b.append(",animation=").append(e.implementation()));
            EncodeOptions o = settings.encodeDefaults().get(f);
            if (o != null) {
                b.append(',').append(o);
            }
        }
        return b.toString();
    }

    /** This pipeline with other settings, the same codecs, resampler, shared decodes and memory gate. */
    public ThumbnailPipeline with(PipelineSettings other) {
        return new ThumbnailPipeline(codecs, resampler, other, decodes, gate, overlays);
    }

    /** Native codecs where present, the fastest resampler, default settings. */
    public static ThumbnailPipeline withDefaults() {
        return new ThumbnailPipeline(Codecs.detect(true), Resamplers.preferred(), PipelineSettings.defaults());
    }

    private static List<Step> steps(ProbeSource probe, Codecs codecs, Resampler resampler, PipelineSettings settings,
            SharedDecodes decodes, OverlayCache overlays) {
        OverBlend blend = resampler.name().equals("scalar") ? new ScalarOverBlend() : OverBlend.preferred();
        long maxOverlay = settings.renderLimits().maxOverlayPixels();
        return List.of(
                probe,
                new DecodeSource(codecs, decodes),
                new CropSource(),
                new TrimSource(probe),
                new ResizeImage(resampler, settings.kernel()),
                new AutoOrient(),
                new ConvertColour(),
                new FrameImage(),
                new ApplyFilters(resampler),
                new LayOverlay(resampler, settings.kernel(), blend,
                        new OverlayDecoder(codecs, settings.limits(), maxOverlay), overlays, maxOverlay),
                new EncodeImage(codecs, settings));
    }

    /**
     * Makes one thumbnail.
     *
     * @throws dev.thumbd.problem.ProblemException for anything wrong with the request or the source (4xx types)
     */
    public Thumbnail run(byte[] source, ThumbnailSpec spec, FormatChooser chooser, Scratch scratch) {
        return run(source, spec, chooser, null, scratch);
    }

    /**
     * What a render of {@code spec} from {@code source} will be and hold, from the header alone (microseconds: no
     * pixel is decoded), so that it can be admitted by its bytes before it takes a worker.
     *
     * @throws dev.thumbd.problem.ProblemException for anything wrong with the request or the source (4xx types),
     *         {@code IMAGE_TOO_LARGE} (422) when the render could never fit the pixel budget
     */
    public Probed probe(byte[] source, ThumbnailSpec spec, FormatChooser chooser) {
        return probe(source, null, spec, chooser);
    }

    /**
     * Makes the thumbnail {@link #probe} planned, whose memory the caller has already admitted (the worker pool
     * does, by the bytes of {@link Probed#cost()}); the pipeline admits nothing itself.
     */
    public Thumbnail run(byte[] source, ThumbnailSpec spec, FormatChooser chooser, @Nullable Probed probed,
            Scratch scratch) {
        return run(source, null, spec, chooser, probed, scratch);
    }

    /**
     * Makes one thumbnail with the overlay its spec names ({@code wm}; null when it names none), probing and admitting
     * it here as {@link #run(byte[], ThumbnailSpec, FormatChooser, Scratch)} does.
     */
    public Thumbnail run(byte[] source, @Nullable OverlayInput overlay, ThumbnailSpec spec, FormatChooser chooser,
            Scratch scratch) {
        return run(source, overlay, spec, chooser, null, scratch);
    }

    /** As {@link #probe(byte[], ThumbnailSpec, FormatChooser)} with the overlay the spec names (or null). */
    public Probed probe(byte[] source, @Nullable OverlayInput overlay, ThumbnailSpec spec, FormatChooser chooser) {
        if (spec.format().placeholder()) {   // fmt=lqip never names an overlay (the spec refuses wm with it)
            return probePlaceholder(source, spec);
        }
        Probed p = probe.probe(source, overlay, spec, chooser);
        gate.requireFits(p.cost());
        return p;
    }

    /** Makes what {@link #probe(byte[], OverlayInput, ThumbnailSpec, FormatChooser)} planned, admitted by the caller. */
    public Thumbnail run(byte[] source, @Nullable OverlayInput overlay, ThumbnailSpec spec, FormatChooser chooser,
            @Nullable Probed probed, Scratch scratch) {
        if (spec.format().placeholder()) {   // fmt=lqip: the placeholder's steps, never negotiated
            return run(new Job(source, placeholderSpec(spec), FormatChooser.NO_NEGOTIATION, scratch, probed),
                    lqipSteps);
        }
        return run(new Job(source, spec, chooser, scratch, probed, overlay), steps);
    }

    /** The decoded overlays this engine keeps (the service looks them up and forgets a key on its writes). */
    public OverlayCache overlays() {
        return overlays;
    }

    private Thumbnail run(Job job, List<Step> steps) {
        StageTimings timings = runSteps(job, steps);
        byte[] data = Objects.requireNonNull(job.encoded, "encode step produced nothing");
        return new Thumbnail(data, job.outputFormat(), job.image().width(), job.image().height(), job.header(),
                job.plan(), timings, job.outputFrames);
    }

    /**
     * What a placeholder of {@code source} will hold, from its header (as {@link #probe}), for admission.
     *
     * @param of the request whose placeholder it is: its {@code crop}, {@code rotate} and {@code flop} apply
     */
    public Probed probePlaceholder(byte[] source, ThumbnailSpec of) {
        Probed p = placeholderProbe.probe(source, placeholderSpec(of), FormatChooser.NO_NEGOTIATION);
        gate.requireFits(p.cost());
        return p;
    }

    /**
     * The placeholder of {@code source} ({@link Placeholder}: ThumbHash and dominant colour): the original (with the
     * crop and turn of {@code of}) fitted inside 100x100 with shrink-on-load as far as the decoder goes (JPEG 1/8,
     * WebP any), upright and in sRGB, never encoded. {@code probed} comes from {@link #probePlaceholder} and has
     * been admitted by the caller; {@code null} probes and admits it here.
     */
    public Placeholder placeholder(byte[] source, ThumbnailSpec of, @Nullable Probed probed, Scratch scratch) {
        return placeholder(source, of, probed, scratch, t -> { });
    }

    /** As {@link #placeholder(byte[], ThumbnailSpec, Probed, Scratch)}, giving the time of each step to {@code timed}. */
    public Placeholder placeholder(byte[] source, ThumbnailSpec of, @Nullable Probed probed, Scratch scratch,
            java.util.function.Consumer<StageTimings> timed) {
        Job job = new Job(source, placeholderSpec(of), FormatChooser.NO_NEGOTIATION, scratch, probed);
        timed.accept(runSteps(job, placeholderSteps));
        return Placeholder.of(job.image());
    }

    private static ThumbnailSpec placeholderSpec(ThumbnailSpec of) {
        return PLACEHOLDER.toBuilder().source(of.source()).crop(of.crop()).rotate(of.rotate()).flop(of.flop())
                .frame(of.frame()).build();
    }

    /** The image placeholders are made from: inside 100x100, alpha kept (PNG is never encoded). */
    static final ThumbnailSpec PLACEHOLDER = ThumbnailSpec.builder("placeholder").width(ThumbHash.MAX_SIDE)
            .height(ThumbHash.MAX_SIDE).fit(dev.thumbd.spec.Fit.INSIDE).format(dev.thumbd.spec.OutputFormat.PNG)
            .build();

    private StageTimings runSteps(Job job, List<Step> steps) {
        Scratch scratch = job.scratch;
        StageTimings timings = new StageTimings();
        try {
            runStep(steps.getFirst(), job, timings);   // probe: limits, plan, cost, how the frames go
            if (job.frames == Probed.Frames.ANIMATION) {
                animation.render(job, timings, ThumbnailPipeline::runStep);
            } else {
                for (Step step : steps.subList(1, steps.size())) {
                    runStep(step, job, timings);
                }
            }
        } finally {
            scratch.trim();   // what the worker keeps between renders is bounded (the budget counts it apart)
            if (job.permit != null) {
                job.permit.close();
            }
        }
        return timings;
    }

    private static void runStep(Step step, Job job, StageTimings timings) {
        long t0 = System.nanoTime();
        PixelBuffer before = job.image;
        step.apply(job);
        timings.add(step.stage(), System.nanoTime() - t0);
        if (before != null && job.image != null && job.image.data() != before.data()
                && before.data().length > RenderCost.LET_GO_IMAGE_BYTES) {
            job.scratch.letGo(before.data());   // replaced: a large image goes as the estimate says it does
        }
    }

    /**
     * The memory a render of {@code spec} from {@code source} would draw, from the header and the plan alone; the
     * same checks as {@link #run} refuse it first (limits, formats, output size, filter work). Nothing is decoded
     * and nothing is admitted.
     */
    public RenderCost estimate(byte[] source, ThumbnailSpec spec, FormatChooser chooser) {
        if (spec.format().placeholder()) {
            return placeholderProbe.probe(source, placeholderSpec(spec), FormatChooser.NO_NEGOTIATION).cost();
        }
        return probe.probe(source, spec, chooser).cost();
    }

    /**
     * The memory a render of {@code spec} would draw from a source of {@code sourceLength} bytes whose header is
     * {@code header} (upload inspection: whether an original can be rendered at all before it is stored).
     */
    public RenderCost estimate(ImageHeader header, long sourceLength, ThumbnailSpec spec, FormatChooser chooser) {
        if (spec.format().placeholder()) {
            return placeholderProbe.plan(header, sourceLength, placeholderSpec(spec), FormatChooser.NO_NEGOTIATION)
                    .cost();
        }
        return probe.plan(header, sourceLength, spec, chooser).cost();
    }

    /**
     * Refuses an original that no thumbnail can be made of on this server (upload inspection): even the smallest
     * thumbnail, decoded at the largest shrink-on-load its decoder offers, would not fit the pixel budget.
     *
     * @throws dev.thumbd.problem.ProblemException {@code IMAGE_TOO_LARGE} (422) naming the budget, or what the
     *         probe and the planner refuse
     */
    public void requireRenderable(ImageHeader header, long sourceLength) {
        RenderCost smallest = estimate(header, sourceLength, SMALLEST, FormatChooser.NO_NEGOTIATION);
        if (!gate.fits(smallest)) {
            throw new dev.thumbd.problem.ProblemException(dev.thumbd.problem.ProblemType.IMAGE_TOO_LARGE,
                    String.format(java.util.Locale.ROOT, "no thumbnail of this %dx%d %s can be made on this server: "
                            + "even the smallest needs %s of memory, over its pixel budget "
                            + "(thumbd.memory.pixel-budget, thumbd.memory.native-budget)", header.width(),
                            header.height(), header.format().token(), smallest));
        }
    }

    /** The cheapest thumbnail there is: 16 pixels wide, shrunk on load as far as the decoder goes. */
    private static final ThumbnailSpec SMALLEST = ThumbnailSpec.builder("upload").width(16).build();

    /** The gate renders are admitted by. */
    public MemoryGate gate() {
        return gate;
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
