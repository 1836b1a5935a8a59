package dev.thumbd.resizer.probe;

/**
 * What the probe refuses before a single pixel is decoded.
 *
 * @param maxSourceBytes largest encoded source, in bytes (413 source-too-large above it)
 * @param maxPixels      largest stored width x height (422 image-too-large above it)
 * @param maxFrames      most frames an animated source may declare (only the first is decoded)
 */
public record ProbeLimits(long maxSourceBytes, long maxPixels, int maxFrames) {

    /** 64 MiB of source. */
    public static final long DEFAULT_MAX_SOURCE_BYTES = 64L << 20;
    /** 50 megapixels. */
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;
    /** 1000 frames. */
    public static final int DEFAULT_MAX_FRAMES = 1000;

    public ProbeLimits {
        if (maxSourceBytes < 1 || maxPixels < 1 || maxFrames < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    public static ProbeLimits defaults() {
        return new ProbeLimits(DEFAULT_MAX_SOURCE_BYTES, DEFAULT_MAX_PIXELS, DEFAULT_MAX_FRAMES);
    }

    public ProbeLimits withMaxPixels(long pixels) {
        return new ProbeLimits(maxSourceBytes, pixels, maxFrames);
    }

    public ProbeLimits withMaxSourceBytes(long bytes) {
        return new ProbeLimits(bytes, maxPixels, maxFrames);
    }

    /** Budget for frames x pixels of an animation: four times the still-image pixel limit. */
    public long maxAnimationPixels() {
        return 4 * maxPixels;
    }
}
