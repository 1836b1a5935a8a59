package dev.thumbd.resizer.cli;

import dev.thumbd.resizer.codec.ChromaSubsampling;
import dev.thumbd.resizer.codec.Codecs;
import dev.thumbd.resizer.codec.EncodeOptions;
import dev.thumbd.resizer.kernel.Kernel;
import dev.thumbd.resizer.kernel.Resampler;
import dev.thumbd.resizer.kernel.Resamplers;
import dev.thumbd.resizer.pipeline.PipelineSettings;
import dev.thumbd.resizer.pipeline.ThumbnailPipeline;
import dev.thumbd.resizer.probe.ProbeLimits;
import dev.thumbd.spec.ImageFormat;
import java.io.PrintStream;
import java.util.Locale;

/** The engine settings a command line can change: codecs, resampler, kernel, encoder effort, limits. */
record EngineOptions(boolean allowNative, String resampler, Kernel kernel, int effort, boolean progressive,
        ChromaSubsampling chroma, boolean fastShrink, long maxPixels, int codecThreads) {

    static EngineOptions from(Arguments a) {
        Kernel kernel;
        try {
            kernel = Kernel.valueOf(a.get("kernel", "lanczos3").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--kernel must be nearest, linear, cubic, lanczos2 or lanczos3");
        }
        String chroma = a.get("chroma", "420");
        if (!chroma.equals("420") && !chroma.equals("444")) {
            throw new UsageException("--chroma must be 420 or 444");
        }
        String resampler = a.get("resampler", Resamplers.vectorAvailable() ? "vector" : "scalar");
        if (!resampler.equals("vector") && !resampler.equals("scalar")) {
            throw new UsageException("--resampler must be vector or scalar");
        }
        return new EngineOptions(!a.has("no-native"), resampler, kernel, a.intValue("effort", -1, 0, 10),
                a.has("progressive"), chroma.equals("444") ? ChromaSubsampling.S444 : ChromaSubsampling.S420,
                a.has("fast-shrink"), a.intValue("max-pixels", 50_000_000, 1, Integer.MAX_VALUE),
                a.intValue("codec-threads", 1, 1, 64));
    }

    /** Builds the pipeline and prints which path serves each format, as the service's startup log does. */
    ThumbnailPipeline pipeline(PrintStream log) {
        Codecs codecs = Codecs.detect(allowNative);
        Resampler r = Resamplers.named(resampler);
        PipelineSettings s = PipelineSettings.defaults()
                .withKernel(kernel)
                .withMinReduceFactor(fastShrink ? 1.0 : 2.0)
                .withLimits(ProbeLimits.defaults().withMaxPixels(maxPixels));
        for (ImageFormat f : ImageFormat.values()) {
            if (f.isOutput()) {
                EncodeOptions d = EncodeOptions.defaults(f);
                s = s.withEncodeOptions(f, new EncodeOptions(d.quality(), effort >= 0 ? Math.min(effort,
                        maxEffort(f)) : d.effort(), progressive, f == ImageFormat.JPEG || f == ImageFormat.AVIF
                        ? chroma : d.chroma(), codecThreads));
            }
        }
        log.println("thumbd: " + Resamplers.describe() + "; using " + r.name());
        codecs.report().forEach(line -> log.println("thumbd: " + line));
        return new ThumbnailPipeline(codecs, r, s);
    }

    private static int maxEffort(ImageFormat f) {
        return switch (f) {
            case WEBP -> 6;
            case PNG -> 9;
            default -> 10;
        };
    }
}
