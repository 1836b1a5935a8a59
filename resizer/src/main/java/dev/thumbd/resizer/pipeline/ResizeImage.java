package dev.thumbd.resizer.pipeline;

import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.resizer.kernel.Kernel;
import dev.thumbd.resizer.kernel.Premultiply;
import dev.thumbd.resizer.kernel.Resampler;

/**
 * Resizes the decoded image (or the crop rectangle cut out of it) to the planned size, in its stored orientation,
 * with alpha premultiplied around the kernel.
 */
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
        // The image is still in its stored orientation (AutoOrient runs on the small result), so a transposing
        // orientation (EXIF, or with the request's rotate) swaps the axes of the plan.
        boolean swap = p.edit().transposed();
        int targetW = swap ? p.resizeHeight() : p.resizeWidth();
        int targetH = swap ? p.resizeWidth() : p.resizeHeight();
        if (img.width() == targetW && img.height() == targetH) {
            return;
        }
        double extentW = job.extentWidth;
        double extentH = job.extentHeight;
        // The decoded pixels are this job's own: premultiply them in place rather than in a second plane.
        boolean premultiplied = Premultiply.premultiplyInPlace(img);
        PixelBuffer out = resampler.resize(img, extentW, extentH, targetW, targetH, kernel, job.scratch);
        // the box-shrunk intermediate is dead now; a large one is let go (RenderCost counts it so)
        job.scratch.letGo(Scratch.Slot.SHRUNK, RenderCost.LET_GO_IMAGE_BYTES);
        if (premultiplied) {
            Premultiply.unpremultiply(out);
        }
        job.image = out;
    }

    /**
     * The factor the decoder shrank by: the largest n up to the plan's limit for which {@code ceil(side / n)} gives
     * the decoded size on both axes (decoders round partial blocks up), or 1.
     */
    static int loadShrink(int sourceW, int sourceH, int limit, PixelBuffer decoded) {
        for (int n = limit; n > 1; n--) {
            if ((sourceW + n - 1) / n == decoded.width() && (sourceH + n - 1) / n == decoded.height()) {
                return n;
            }
        }
        return 1;
    }
}
