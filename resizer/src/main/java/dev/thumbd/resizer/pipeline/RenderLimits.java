package dev.thumbd.resizer.pipeline;

/**
 * What one request may ask the engine to make, checked on the plan before anything is decoded (imgproxy's
 * max-result-dimension, and a bound on filter work). The source side is {@link dev.thumbd.resizer.probe.ProbeLimits};
 * the memory side the {@link MemoryGate}.
 *
 * @param maxResultPixels the largest output canvas, width x height after {@code dpr} and padding (400 above it)
 * @param maxFilterWork   the most multiply-adds {@code blur} and {@code sharpen} may cost on the canvas (each pass
 *                        is pixels x channels x taps, taps = 2 ceil(3 sigma) + 1; 400 above it)
 * @param maxOverlayPixels the largest overlay original ({@code wm}), width x height from its header before it is
 *                        decoded (422 above it): it is kept decoded in memory, 4 bytes a pixel
 */
public record RenderLimits(long maxResultPixels, long maxFilterWork, long maxOverlayPixels) {

    /** 40 MP of output: a 7680x5120 canvas. */
    public static final long DEFAULT_MAX_RESULT_PIXELS = 40_000_000L;
    /** 4 G multiply-adds: a sigma-50 blur of a 1.5 MP RGBA canvas, about a second of one core. */
    public static final long DEFAULT_MAX_FILTER_WORK = 4_000_000_000L;

    /** 4 MP of overlay: 16 MB decoded, far more than a logo needs. */
    public static final long DEFAULT_MAX_OVERLAY_PIXELS = 4_000_000L;

    public RenderLimits {
        if (maxResultPixels < 1 || maxFilterWork < 1 || maxOverlayPixels < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** With the default overlay limit. */
    public RenderLimits(long maxResultPixels, long maxFilterWork) {
        this(maxResultPixels, maxFilterWork, DEFAULT_MAX_OVERLAY_PIXELS);
    }

    public static RenderLimits defaults() {
        return new RenderLimits(DEFAULT_MAX_RESULT_PIXELS, DEFAULT_MAX_FILTER_WORK, DEFAULT_MAX_OVERLAY_PIXELS);
    }
}
