package dev.thumbd.resizer.pipeline;

import dev.thumbd.resizer.codec.EncodeOptions;
import dev.thumbd.resizer.kernel.Kernel;
import dev.thumbd.resizer.probe.ProbeLimits;
import dev.thumbd.spec.ImageFormat;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Engine settings that are not part of a request.
 *
 * @param limits          what the probe refuses before decoding
 * @param minReduceFactor reduction left for the kernel after shrink-on-load (2 = libvips' quality rule, 1 = fast)
 * @param kernel          the reduce kernel
 * @param encodeDefaults  encoder settings per output format; a request's {@code q} overrides the quality
 * @param renderLimits    what one request may ask the engine to make (output size, filter work)
 */
public record PipelineSettings(ProbeLimits limits, double minReduceFactor, Kernel kernel,
        Map<ImageFormat, EncodeOptions> encodeDefaults, RenderLimits renderLimits) {

    public PipelineSettings {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(renderLimits, "renderLimits");
        Objects.requireNonNull(kernel, "kernel");
        encodeDefaults = Map.copyOf(encodeDefaults);
    }

    /** libvips-quality shrink-on-load, Lanczos3, the format defaults of {@link EncodeOptions#defaults}. */
    public static PipelineSettings defaults() {
        Map<ImageFormat, EncodeOptions> enc = new EnumMap<>(ImageFormat.class);
        for (ImageFormat f : ImageFormat.values()) {
            if (f.isOutput()) {
                enc.put(f, EncodeOptions.defaults(f));
            }
        }
        return new PipelineSettings(ProbeLimits.defaults(), Planner.DEFAULT_MIN_REDUCE_FACTOR, Kernel.LANCZOS3, enc,
                RenderLimits.defaults());
    }

    /** Encoder settings for {@code format} with the request's quality applied (0 keeps the default). */
    public EncodeOptions encodeOptions(ImageFormat format, int quality) {
        EncodeOptions base = encodeDefaults.get(format);
        if (base == null) {
            base = EncodeOptions.defaults(format);
        }
        return base.withQuality(quality);
    }

    /**
     * The settings of degraded rendering: shrink-on-load as far as it goes (the kernel reduces by less than 2), AVIF
     * speed 9, WebP method 1 and zlib level 1; the same qualities, so files stay comparable in size. Cheaper by the
     * figures in docs/BENCHMARKS.md ("Degraded rendering").
     */
    public PipelineSettings economy() {
        Map<ImageFormat, EncodeOptions> m = new EnumMap<>(encodeDefaults);
        m.replaceAll((f, o) -> switch (f) {
            case AVIF -> o.withEffort(Math.max(o.effort(), 9));
            case WEBP -> o.withEffort(Math.min(o.effort(), 1));
            case PNG -> o.withEffort(Math.min(o.effort(), 1));
            default -> o;
        });
        return new PipelineSettings(limits, 1.0, kernel, m, renderLimits);
    }

    public PipelineSettings withLimits(ProbeLimits l) {
        return new PipelineSettings(l, minReduceFactor, kernel, encodeDefaults, renderLimits);
    }

    public PipelineSettings withMinReduceFactor(double f) {
        return new PipelineSettings(limits, f, kernel, encodeDefaults, renderLimits);
    }

    public PipelineSettings withRenderLimits(RenderLimits r) {
        return new PipelineSettings(limits, minReduceFactor, kernel, encodeDefaults, r);
    }

    public PipelineSettings withKernel(Kernel k) {
        return new PipelineSettings(limits, minReduceFactor, k, encodeDefaults, renderLimits);
    }

    public PipelineSettings withEncodeOptions(ImageFormat format, EncodeOptions options) {
        Map<ImageFormat, EncodeOptions> m = new EnumMap<>(encodeDefaults);
        m.put(format, options);
        return new PipelineSettings(limits, minReduceFactor, kernel, m, renderLimits);
    }
}
