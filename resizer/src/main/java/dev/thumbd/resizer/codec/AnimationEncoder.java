package dev.thumbd.resizer.codec;

import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.spec.ImageFormat;

/** Writes an animation from full canvases fed one at a time (nothing but the encoder's state is kept between). */
public interface AnimationEncoder {

    /** The format this encoder writes. */
    ImageFormat format();

    /** Who does the work, for the startup log. */
    String implementation();

    /**
     * Starts an animation of {@code width x height} canvases that plays {@code loopCount} times (0: forever).
     *
     * @throws dev.thumbd.problem.ProblemException {@code FORMAT_UNAVAILABLE} if the library refuses
     */
    Sink begin(int width, int height, int loopCount, EncodeOptions options, Scratch scratch);

    /** One animation being written. Not thread-safe; close it when done, finished or not. */
    interface Sink extends AutoCloseable {

        /** Adds the next canvas (GRAY, GRAY_ALPHA, RGB or RGBA, straight alpha), shown for {@code delayMs}. */
        void add(PixelBuffer frame, int delayMs);

        /** The encoded file, after the last frame. */
        byte[] finish();

        @Override
        void close();
    }
}
