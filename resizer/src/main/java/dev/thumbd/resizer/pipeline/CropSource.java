package dev.thumbd.resizer.pipeline;

import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.Region;
import dev.thumbd.resizer.image.Scratch;

/**
 * Finds what the decoded pixels span in source pixels (shrink-on-load may have left a partial last block) and, for a
 * {@code crop}, cuts the rectangle out of the decoded image before the resize: the rectangle is scaled by the factor
 * the decoder shrank by, so a crop of a large photo still decodes at 1/2, 1/4 or 1/8. After a shrunk decode the
 * rectangle's edges fall on decoded pixels, within half a decoded pixel of where they lie in the source (the
 * source's own right and bottom edges stay exact).
 */
final class CropSource implements Step {

    @Override
    public Stage stage() {
        return Stage.RESIZE;
    }

    @Override
    public void apply(Job job) {
        Plan p = job.plan();
        SourceEdit e = p.edit();
        PixelBuffer img = job.image();
        int sw = e.storedWidth();
        int sh = e.storedHeight();
        int n = job.blockShrunk ? ResizeImage.loadShrink(sw, sh, p.shrinkOnLoad(), img) : 1;
        if (!e.crops()) {
            job.extentWidth = n == 1 ? img.width() : (double) sw / n;
            job.extentHeight = n == 1 ? img.height() : (double) sh / n;
            return;
        }
        // decoded pixels per source pixel on each axis
        double fx = n > 1 ? 1.0 / n : (double) img.width() / sw;
        double fy = n > 1 ? 1.0 / n : (double) img.height() / sh;
        Region r = e.region();
        Span x = Span.of(r.x(), r.width(), sw, fx, img.width());
        Span y = Span.of(r.y(), r.height(), sh, fy, img.height());
        int c = img.channels();
        byte[] src = img.data();
        byte[] dst = job.scratch.bytes(Scratch.Slot.CROPPED, x.length * y.length * c);
        int rowBytes = x.length * c;
        for (int row = 0; row < y.length; row++) {
            System.arraycopy(src, ((y.start + row) * img.width() + x.start) * c, dst, row * rowBytes, rowBytes);
        }
        job.image = new PixelBuffer(dst, x.length, y.length, img.format());
        job.extentWidth = x.extent;
        job.extentHeight = y.extent;
    }

    /**
     * The decoded pixels {@code [start, start + length)} that hold source pixels {@code [from, from + size)}, and
     * the extent they span, in {@code (length - 1, length]}.
     */
    record Span(int start, int length, double extent) {
        static Span of(int from, int size, int sourceSide, double scale, int decodedSide) {
            int start = Math.clamp(Math.round(from * scale), 0, decodedSide - 1);
            boolean toEdge = from + size == sourceSide;
            double end = (from + size) * scale;
            int stop = toEdge ? decodedSide : Math.clamp(Math.round(end), start + 1, decodedSide);
            int length = stop - start;
            double extent = toEdge ? Math.clamp(end - start, Math.nextUp(length - 1.0), length) : length;
            return new Span(start, length, extent);
        }

        /** The most decoded pixels a rectangle side of {@code size} source pixels takes at {@code shrink}. */
        static long most(int size, int shrink, long decodedSide) {
            return Math.min(decodedSide, (size + shrink - 1) / shrink + 1L);
        }
    }
}
