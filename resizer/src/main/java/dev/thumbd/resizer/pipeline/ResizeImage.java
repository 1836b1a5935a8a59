package dev.thumbd.resizer.pipeline;

import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.kernel.Kernel;
import dev.thumbd.resizer.kernel.Premultiply;
import dev.thumbd.resizer.kernel.Resampler;

/** Resizes the whole (decoded, oriented) image to the planned size, with alpha premultiplied around the kernel. */
final class ResizeImage implements Step {

    private final Resampler resampler;
    private final Kernel kernel;

    ResizeImage(Resampler resampler, Kernel kernel) {
        this.resampler = resampler;
        this.kernel = kernel;
    }

    @Override
    public Stage stage() {
        return Stage.RESIZE;
    }

    @Override
    public void apply(Job job) {
        Plan p = job.plan();
        PixelBuffer img = job.image();
        if (img.width() == p.resizeWidth() && img.height() == p.resizeHeight()) {
            return;
        }
        PixelBuffer pre = Premultiply.premultiply(img, job.scratch);
        PixelBuffer out = resampler.resize(pre, p.resizeWidth(), p.resizeHeight(), kernel, job.scratch);
        if (pre != img) {
            Premultiply.unpremultiply(out);
        }
        job.image = out;
    }
}
