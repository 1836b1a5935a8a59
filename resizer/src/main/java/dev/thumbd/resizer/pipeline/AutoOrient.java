package dev.thumbd.resizer.pipeline;

import dev.thumbd.resizer.transform.Orientation;

/**
 * Applies the EXIF (or AVIF irot/imir) orientation, so the output is upright and carries no orientation tag, and the
 * request's {@code rotate} and {@code flop} with it: one orientation, one pass ({@link SourceEdit#orientation()}).
 */
final class AutoOrient implements Step {

    @Override
    public Stage stage() {
        return Stage.ORIENT;
    }

    @Override
    public void apply(Job job) {
        job.image = Orientation.apply(job.image(), job.plan().edit().orientation(), job.scratch);
    }
}
