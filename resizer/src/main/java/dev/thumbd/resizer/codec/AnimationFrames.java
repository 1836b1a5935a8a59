package dev.thumbd.resizer.codec;

import dev.thumbd.resizer.image.PixelBuffer;

/**
 * The frames of one animation, decoded one at a time, each composited onto the full canvas (frame offsets,
 * transparency, blending and disposal applied) as a viewer would show it. Not thread-safe; close it when done.
 */
public interface AnimationFrames extends AutoCloseable {

    /** Canvas width: every frame has it. */
    int width();

    /** Canvas height: every frame has it. */
    int height();

    /** How many frames {@link #next} will return. */
    int frameCount();

    /** How many times the animation plays: 0 for forever (WebP's convention). */
    int loopCount();

    /**
     * The next frame as straight RGBA in {@link dev.thumbd.resizer.image.Scratch.Slot#DECODED}, the caller's to
     * change (it is a copy of the canvas): valid until the next call.
     *
     * @throws dev.thumbd.problem.ProblemException {@code CORRUPT_IMAGE} for broken or truncated data
     */
    PixelBuffer next();

    /** How long the frame {@link #next} returned last is shown, in milliseconds. */
    int delayMs();

    /** Releases the decoder (native memory included). */
    @Override
    void close();
}
