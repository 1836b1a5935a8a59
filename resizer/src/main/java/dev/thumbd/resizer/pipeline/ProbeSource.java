package dev.thumbd.resizer.pipeline;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.codec.AnimationDecoder;
import dev.thumbd.resizer.codec.Codecs;
import dev.thumbd.resizer.codec.Decoder;
import dev.thumbd.resizer.kernel.Kernel;
import dev.thumbd.resizer.probe.HeaderProbe;
import dev.thumbd.resizer.probe.ImageHeader;
import dev.thumbd.resizer.probe.ProbeLimits;
import dev.thumbd.spec.ImageFormat;
import dev.thumbd.spec.InvalidParameterException;
import dev.thumbd.spec.ParameterName;
import dev.thumbd.spec.ThumbnailSpec;
import dev.thumbd.resizer.overlay.OverlayDecoder;
import dev.thumbd.resizer.overlay.OverlayInput;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads the header, enforces the limits, resolves the output format, plans the geometry, prices the render in bytes
 * ({@link RenderCost}) and has it admitted by the {@link MemoryGate}: everything that can be refused is refused
 * here, before a single pixel is decoded. A render too large for the budget at the quality rule's shrink-on-load is
 * planned again with shrink-on-load as far as the decoder goes before it is refused. A job probed and admitted before
 * it reached a worker ({@link ThumbnailPipeline#probe}, the service's way) takes that probe as it is.
 */
final class ProbeSource implements Step {

    /** Shrink-on-load as far as the decoder goes. */
    private static final Planner FAST = new Planner(1.0);
    /** No shrink-on-load ({@code trim} needs every pixel). */
    private static final Planner FULL = new Planner(Double.POSITIVE_INFINITY);

    private final ProbeLimits limits;
    private final RenderLimits renderLimits;
    private final Planner planner;
    private final Codecs codecs;
    private final Kernel kernel;
    private final MemoryGate gate;
    private final OverlayDecoder overlays;

    ProbeSource(PipelineSettings settings, Codecs codecs, MemoryGate gate) {
        this.limits = settings.limits();
        this.renderLimits = settings.renderLimits();
        this.planner = new Planner(settings.minReduceFactor());
        this.codecs = codecs;
        this.kernel = settings.kernel();
        this.gate = gate;
        this.overlays = new OverlayDecoder(codecs, limits, renderLimits.maxOverlayPixels());
    }

    @Override
    public Stage stage() {
        return Stage.PROBE;
    }

    @Override
    public void apply(Job job) {
        Probed p = job.probed;
        if (p == null) {
            p = probe(job.source, job.overlay, job.spec, job.chooser);
            job.permit = gate.admit(p.cost());
        }
        job.header = p.header();
        job.outputFormat = p.output();
        job.plan = p.plan();
        job.frames = p.frames();
    }

    /** What a render of {@code spec} from {@code source} would be and cost, or the problem that refuses it. */
    Probed probe(byte[] source, ThumbnailSpec spec, FormatChooser chooser) {
        return probe(source, null, spec, chooser);
    }

    /**
     * As {@link #probe(byte[], ThumbnailSpec, FormatChooser)}, with the overlay the spec names ({@code wm}): its header
     * checked against {@code thumbd.limits.max-overlay-pixels}, its size on the output fitted, and its buffers priced.
     */
    Probed probe(byte[] source, @Nullable OverlayInput overlay, ThumbnailSpec spec, FormatChooser chooser) {
        ImageHeader h = HeaderProbe.probe(source, limits);
        Probed p = plan(h, source.length, spec, chooser);
        if (!spec.overlays()) {
            return p;
        }
        if (overlay == null || !overlay.key().equals(spec.watermark().key())) {
            throw new ProblemException(ProblemType.OVERLAY_NOT_FOUND, "the overlay wm=" + spec.watermark().key()
                    + " was not given to the engine");
        }
        int ow;
        int oh;
        long encoded = 0;
        if (overlay.decoded() != null) {
            ow = overlay.decoded().pixels().width();
            oh = overlay.decoded().pixels().height();
        } else {
            ImageHeader oh0 = overlays.probe(overlay.key(), java.util.Objects.requireNonNull(overlay.encoded()));
            ow = oh0.orientedWidth();
            oh = oh0.orientedHeight();
            encoded = overlay.encoded().length;
        }
        Plan plan = p.plan();
        OverlayFit fit = OverlayFit.of(plan.canvasWidth(), plan.canvasHeight(), ow, oh, spec.watermark(),
                renderLimits.maxOverlayPixels());
        RenderCost cost = p.cost().withOverlay((long) ow * oh, encoded, fit,
                (long) plan.canvasWidth() * plan.canvasHeight());
        return new Probed(p.header(), p.output(), plan, cost, p.frames());
    }

    /** As {@link #probe} from a header already read. */
    Probed plan(ImageHeader h, long sourceLength, ThumbnailSpec spec, FormatChooser chooser) {
        Decoder decoder = codecs.decoder(h.format()).orElseThrow(() -> codecs.whyUnavailable(h.format()).isEmpty()
                ? new ProblemException(ProblemType.UNSUPPORTED_FORMAT,
                        h.format().token() + " input is not available on this server")
                : new ProblemException(ProblemType.FORMAT_UNAVAILABLE, h.format().token()
                        + " input is not available on this server (" + codecs.whyUnavailable(h.format()) + ")"));
        ImageFormat out = chooser.choose(spec.format(), h);
        var encoder = codecs.encoder(out).orElseThrow(() -> new ProblemException(ProblemType.FORMAT_UNAVAILABLE,
                out.token() + " output is not available on this server (" + codecs.whyUnavailable(out) + ")"));
        SourceEdit edit = SourceEdit.of(h, spec);
        if (spec.trim() > 0 && (edit.region().width() < 2 || edit.region().height() < 2)) {
            throw new InvalidParameterException(ParameterName.TRIM, "an image (or crop) of at least 2x2 pixels to "
                    + "trim, not " + edit.width() + "x" + edit.height(), Integer.toString(spec.trim()));
        }
        Probed.Frames mode = frames(h, spec, out);
        AnimationDecoder frames = mode == Probed.Frames.STILL ? null
                : codecs.animationDecoder(h.format()).orElseThrow();
        boolean animatedOut = mode == Probed.Frames.ANIMATION;
        Plan plan = (spec.trim() > 0 ? FULL : planner).plan(spec, edit);
        checkResult(plan, spec);
        RenderCost cost = RenderCost.of(h, plan, spec, out, sourceLength, decoder, encoder.isNative(), kernel, frames,
                animatedOut);
        if (!gate.fits(cost) && planner.minReduceFactor() > 1.0 && spec.trim() == 0) {
            // Too large for the budget at full quality: shrink on load as far as the decoder goes (sharp's "fast
            // shrink-on-load"; slightly softer), which is what lets a large output of a large photo be made at all.
            Plan cheaper = FAST.plan(spec, edit);
            RenderCost smaller = RenderCost.of(h, cheaper, spec, out, sourceLength, decoder, encoder.isNative(),
                    kernel, frames, animatedOut);
            if (smaller.peakBytes() < cost.peakBytes()) {
                plan = cheaper;
                cost = smaller;
            }
        }
        return new Probed(h, out, plan, cost, mode);
    }

    /**
     * How the frames become the output: every frame when the source is animated, no frame is picked and both an
     * animation decoder for the source and an animation encoder for the output exist; otherwise one frame of an
     * animation (N, checked against the frame count, or the first) through the animation decoder where there is
     * one, so that it is composited as in the animation; else the still decoder's first frame.
     */
    private Probed.Frames frames(ImageHeader h, ThumbnailSpec spec, ImageFormat out) {
        if (spec.picksFrame() && spec.frame() >= h.frames()) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER, String.format(Locale.ROOT,
                    "Expected a frame number below %d (the source has %d frame%s) for frame but received '%d'",
                    h.frames(), h.frames(), h.frames() == 1 ? "" : "s", spec.frame()));
        }
        if (!h.animated()) {
            return Probed.Frames.STILL;
        }
        boolean framesIn = codecs.animationDecoder(h.format()).isPresent();
        // a crop or a trim is made on one frame: the first (or frame=N) as a still
        boolean edited = !spec.crop().none() || spec.trim() > 0;
        if (!spec.picksFrame() && !edited && framesIn && codecs.animationEncoder(out).isPresent()) {
            return Probed.Frames.ANIMATION;
        }
        if (framesIn) {
            return Probed.Frames.PICKED;
        }
        if (spec.frame() > 0) {
            throw new ProblemException(ProblemType.FORMAT_UNAVAILABLE, "frame " + spec.frame() + " of an animated "
                    + h.format().token() + " cannot be decoded on this server (only its first frame)");
        }
        return Probed.Frames.STILL;
    }

    /** The plan of {@code spec} on what a trim left of the source, checked against the limits as any plan. */
    Plan replanTrimmed(ThumbnailSpec spec, SourceEdit trimmed) {
        Plan plan = FULL.plan(spec, trimmed);
        checkResult(plan, spec);
        return plan;
    }

    private void checkResult(Plan plan, ThumbnailSpec spec) {
        long canvas = (long) plan.canvasWidth() * plan.canvasHeight();
        if (canvas > renderLimits.maxResultPixels()) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER, String.format(Locale.ROOT,
                    "Expected an output of at most %.1f MP (thumbd.limits.max-result-pixels) for w, h and dpr but "
                            + "received '%dx%d = %.1f MP'", renderLimits.maxResultPixels() / 1e6,
                    plan.canvasWidth(), plan.canvasHeight(), canvas / 1e6));
        }
        double sigma = Math.max(spec.blur(), spec.sharpen());
        if (sigma > 0) {
            long taps = 2L * (long) Math.ceil(3 * sigma) + 1;
            long passes = Math.min(taps, plan.canvasWidth()) + Math.min(taps, plan.canvasHeight());
            int filters = (spec.blur() > 0 ? 1 : 0) + (spec.sharpen() > 0 ? 1 : 0);
            long work = canvas * 4 * passes * filters;
            if (work > renderLimits.maxFilterWork()) {
                throw new ProblemException(ProblemType.INVALID_PARAMETER, String.format(Locale.ROOT,
                        "Expected filter work of at most %.1f G multiply-adds (thumbd.limits.max-filter-work) for "
                                + "blur and sharpen but received 'sigma %s on %dx%d = %.1f G'",
                        renderLimits.maxFilterWork() / 1e9, sigma, plan.canvasWidth(), plan.canvasHeight(),
                        work / 1e9));
            }
        }
    }

    /** A probed, planned and priced render. */
}
