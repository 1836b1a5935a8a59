package dev.thumbd.resizer.pipeline;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.spec.Watermark;
import java.util.Locale;

/**
 * The size an overlay is laid over the output at: {@code wm_scale} of the canvas width (the height in proportion,
 * both at least a pixel), or its own size without {@code wm_scale}. Known from the overlay's header and the plan, so
 * the probe prices it and refuses an absurd one (a 1x4000000 strip scaled to a wide canvas) before any pixel.
 *
 * @param width  pixels
 * @param height pixels
 */
record OverlayFit(int width, int height) {

    static OverlayFit of(int canvasWidth, int canvasHeight, int overlayWidth, int overlayHeight, Watermark wm,
            long maxOverlayPixels) {
        long w = overlayWidth;
        long h = overlayHeight;
        if (wm.scale() > 0) {
            w = Math.max(1, Math.round(canvasWidth * wm.scale()));
            h = Math.max(1, Math.round((double) overlayHeight * w / overlayWidth));
        }
        long limit = Math.max(maxOverlayPixels, (long) canvasWidth * canvasHeight);
        if (w * h > limit || h > Integer.MAX_VALUE / 8) {
            throw new ProblemException(ProblemType.INVALID_OVERLAY, String.format(Locale.ROOT,
                    "the overlay wm=%s would be laid over the %dx%d output at %dx%d, more than %.1f MP "
                            + "(thumbd.limits.max-overlay-pixels or the output's size)", wm.key(), canvasWidth,
                    canvasHeight, w, h, limit / 1e6));
        }
        return new OverlayFit((int) w, (int) h);
    }

    long pixels() {
        return (long) width * height;
    }
}
