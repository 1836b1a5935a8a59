package dev.thumbd.resizer.pipeline;

import dev.thumbd.resizer.filter.Sharpen;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.resizer.kernel.Premultiply;
import dev.thumbd.resizer.kernel.Resampler;

/** {@code blur} (Gaussian, premultiplied like the resize) and {@code sharpen} (unsharp mask), when asked for. */
final class ApplyFilters implements Step {

    private final Resampler resampler;

    ApplyFilters(Resampler resampler) {
        this.resampler = resampler;
    }

    @Override
    public Stage stage() {
        return Stage.FILTER;
    }

    @Override
    public void apply(Job job) {
        if (job.spec.blur() > 0) {
            PixelBuffer pre = Premultiply.premultiply(job.image(), job.scratch);
            PixelBuffer out = resampler.blur(pre, job.spec.blur(), job.scratch);
            if (pre != job.image()) {
                Premultiply.unpremultiply(out);
            }
            job.image = out;
        }
        if (job.spec.sharpen() > 0) {
            PixelBuffer in = job.image();
            if (job.spec.blur() > 0) {
                // Sharpen blurs into FILTERED, where the blurred input lives: move the input out of the way first.
                byte[] copy = job.scratch.bytes(Scratch.Slot.FINISHED, in.byteLength());
                System.arraycopy(in.data(), 0, copy, 0, in.byteLength());
                in = new PixelBuffer(copy, in.width(), in.height(), in.format());
            }
            job.image = Sharpen.apply(in, job.spec.sharpen(), resampler, job.scratch);
        }
    }
}
