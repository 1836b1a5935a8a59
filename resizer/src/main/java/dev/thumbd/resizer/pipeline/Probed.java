package dev.thumbd.resizer.pipeline;

import dev.thumbd.resizer.probe.ImageHeader;
import dev.thumbd.spec.ImageFormat;

/**
 * What a render will be, known from the header alone: the source header, the output format, the geometry, the
 * memory it will hold at its peak ({@link ThumbnailPipeline#probe}) and how its frames are read and written.
 */
public record Probed(ImageHeader header, ImageFormat output, Plan plan, RenderCost cost, Frames frames) {

    /** How the frames of the source become the output. */
    public enum Frames {
        /** The still decoder's image (the first frame of an animation; shrink-on-load where the decoder has it). */
        STILL,
        /**
         * One frame of an animation made a still ({@code frame=N}, or the first frame for an output format without
         * animation): the animation decoded frame by frame up to it.
         */
        PICKED,
        /** Every frame, each through the same steps, into an animated output. */
        ANIMATION
    }

    /** A still render. */
    public Probed(ImageHeader header, ImageFormat output, Plan plan, RenderCost cost) {
        this(header, output, plan, cost, Frames.STILL);
    }
}
