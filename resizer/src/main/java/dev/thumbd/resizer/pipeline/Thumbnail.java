package dev.thumbd.resizer.pipeline;

import dev.thumbd.resizer.probe.ImageHeader;
import dev.thumbd.spec.ImageFormat;

/**
 * A finished thumbnail.
 *
 * @param data    the encoded file, owned by the caller
 * @param format  its format
 * @param width   output width
 * @param height  output height
 * @param source  what the source header said
 * @param plan    the geometry that was applied
 * @param timings time per stage
 * @param frames  frames in the output: 1 for a still, the source's count for an animation kept
 */
public record Thumbnail(byte[] data, ImageFormat format, int width, int height, ImageHeader source, Plan plan,
        StageTimings timings, int frames) {

    /** A still. */
    public Thumbnail(byte[] data, ImageFormat format, int width, int height, ImageHeader source, Plan plan,
            StageTimings timings) {
        this(data, format, width, height, source, plan, timings, 1);
    }

    /**
     * Whether an animated source was made a still only because this server cannot write the animation (WebP output
     * without libwebpmux): answered with {@code X-Thumbd-Animation: still}.
     */
    public boolean animationDropped(boolean framePicked) {
        return source.animated() && frames == 1 && format == ImageFormat.WEBP && !framePicked;
    }
}
