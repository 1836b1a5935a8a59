package dev.thumbd.resizer.codec;

import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.spec.ImageFormat;

/** Decodes every frame of an animated file, composited onto its canvas. Stateless and thread-safe. */
public interface AnimationDecoder {

    /** The format this decoder reads. */
    ImageFormat format();

    /** Who does the work, for the startup log. */
    String implementation();

    /** Whether a native library does the work. */
    boolean isNative();

    /**
     * Opens {@code source} (already probed: frame count, sizes and rectangles are within the limits) for decoding
     * frame by frame, with working memory from {@code scratch}.
     *
     * @throws dev.thumbd.problem.ProblemException {@code CORRUPT_IMAGE} when the file is refused
     */
    AnimationFrames open(byte[] source, Scratch scratch);
}
