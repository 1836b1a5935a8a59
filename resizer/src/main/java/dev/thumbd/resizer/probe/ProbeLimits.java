package dev.thumbd.resizer.probe;

/**
 * What the probe refuses before a single pixel is decoded.
 *
 * @param maxSourceBytes     largest encoded source, in bytes (413 source-too-large above it)
 * @param maxPixels          largest stored width x height (422 image-too-large above it)
 * @param maxFrames          most frames an animated source may declare
 * @param maxAnimationPixels most pixels of all frames together (frames x the largest of canvas and frame, imgproxy's
 *                           rule): an animation is decoded and resized frame by frame, so this bounds its work
 */
public record ProbeLimits(long maxSourceBytes, long maxPixels, int maxFrames, long maxAnimationPixels) {

    /** 64 MiB of source. */
    public static final long DEFAULT_MAX_SOURCE_BYTES = 64L << 20;
    /** 50 megapixels. */
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;
    /** 1000 frames. */
    public static final int DEFAULT_MAX_FRAMES = 1000;
    /** 200 megapixels over all frames (four times the still-image limit). */
    public static final long DEFAULT_MAX_ANIMATION_PIXELS = 4 * DEFAULT_MAX_PIXELS;

    public ProbeLimits {
        if (maxSourceBytes < 1 || maxPixels < 1 || maxFrames < 1 || maxAnimationPixels < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** The animation budget at four times {@code maxPixels}. */
    public ProbeLimits(long maxSourceBytes, long maxPixels, int maxFrames) {
        this(maxSourceBytes, maxPixels, maxFrames, 4 * maxPixels);
    }

    public static ProbeLimits defaults() {
        return new ProbeLimits(DEFAULT_MAX_SOURCE_BYTES, DEFAULT_MAX_PIXELS, DEFAULT_MAX_FRAMES,
                DEFAULT_MAX_ANIMATION_PIXELS);
    }

    public ProbeLimits withMaxPixels(long pixels) {
        return new ProbeLimits(maxSourceBytes, pixels, maxFrames, maxAnimationPixels);
    }

    public ProbeLimits withMaxSourceBytes(long bytes) {
        return new ProbeLimits(bytes, maxPixels, maxFrames, maxAnimationPixels);
    }

    public ProbeLimits withMaxFrames(int frames) {
        return new ProbeLimits(maxSourceBytes, maxPixels, frames, maxAnimationPixels);
    }

    public ProbeLimits withMaxAnimationPixels(long pixels) {
        return new ProbeLimits(maxSourceBytes, maxPixels, maxFrames, pixels);
    }
}
