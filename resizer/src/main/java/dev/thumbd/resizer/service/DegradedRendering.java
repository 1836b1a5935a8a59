package dev.thumbd.resizer.service;

import dev.thumbd.resizer.degradation.DegradationController;
import dev.thumbd.resizer.pipeline.ThumbnailPipeline;
import dev.thumbd.spec.Fit;
import dev.thumbd.spec.ThumbnailSpec;
import java.util.List;
import java.util.Objects;
import java.util.function.IntSupplier;

/**
 * What a cache miss becomes while the resizer is degraded (the ladder of {@code DegradationController}):
 * <ul>
 *   <li>from level {@value DegradationController#CHEAPER_ENCODES}: a negotiated AVIF that no cache level holds is answered with the WebP
 *       variant (and no AVIF is made in the background), and thumbnails are made by the {@link #economy} pipeline
 *       (faster encoder settings, shrink-on-load as far as it goes);</li>
 *   <li>from level {@value DegradationController#CAPPED_SIZES}: before anything is made, the nearest larger width of the same request held
 *       in L1 (from {@link #nearestWidths}) is served instead, and sizes over {@link #maxDimension} pixels are
 *       capped.</li>
 * </ul>
 * A thumbnail made this way is kept in L1 only, under its own ETag, and sent with a short {@code max-age}; once the
 * level is back to 0 the next request for it makes the real one.
 *
 * @param level         the degradation level in force
 * @param economy       the pipeline with cheaper settings
 * @param maxDimension  the longest output side allowed from level 2 on (device pixels)
 * @param nearestWidths ascending widths tried in L1 for a nearby variant from level 2 on
 */
public record DegradedRendering(IntSupplier level, ThumbnailPipeline economy, int maxDimension,
        List<Integer> nearestWidths) {

    public DegradedRendering {
        Objects.requireNonNull(level);
        Objects.requireNonNull(economy);
        if (maxDimension < 1) {
            throw new IllegalArgumentException("maxDimension must be positive but was " + maxDimension);
        }
        nearestWidths = nearestWidths.stream().filter(w -> w >= 1 && w <= 8192).sorted().distinct().toList();
    }

    /** Never degraded (tests and tools). */
    public static DegradedRendering never(ThumbnailPipeline pipeline) {
        return new DegradedRendering(() -> 0, pipeline, 8192, List.of());
    }

    /**
     * {@code spec} with its output no larger than {@link #maxDimension} on either side (in device pixels, the aspect
     * ratio kept), or {@code spec} itself when it is within bounds. A request for the original size becomes "inside
     * the cap".
     */
    public ThumbnailSpec cap(ThumbnailSpec spec) {
        if (spec.format().placeholder()) {
            return spec;   // a placeholder is at most 100x100 already
        }
        if (spec.width() == 0 && spec.height() == 0) {
            return spec.toBuilder().width(devicePixels(maxDimension, spec.dpr()))
                    .height(devicePixels(maxDimension, spec.dpr())).fit(Fit.INSIDE).build();
        }
        double longest = Math.max(spec.width(), spec.height()) * spec.dpr();
        if (longest <= maxDimension) {
            return spec;
        }
        double f = maxDimension / longest;
        ThumbnailSpec.Builder b = spec.toBuilder();
        if (spec.width() > 0) {
            b.width(Math.max(1, (int) Math.floor(spec.width() * f)));
        }
        if (spec.height() > 0) {
            b.height(Math.max(1, (int) Math.floor(spec.height() * f)));
        }
        return b.build();
    }

    /** The widths of {@link #nearestWidths} larger than {@code spec}'s, with the height following, nearest first. */
    public List<ThumbnailSpec> larger(ThumbnailSpec spec) {
        if (spec.width() == 0) {
            return List.of();
        }
        return nearestWidths.stream().filter(w -> w > spec.width()).map(spec::atWidth).toList();
    }

    private static int devicePixels(int max, double dpr) {
        return Math.max(1, (int) Math.floor(max / dpr));
    }
}
