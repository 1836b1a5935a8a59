package dev.thumbd.resizer.pipeline;

import dev.thumbd.resizer.colour.CmykConverter;
import dev.thumbd.resizer.colour.IccConverter;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.probe.ImageHeader;

/**
 * Brings decoded pixels to sRGB: CMYK through its profile (or the naive formula), an embedded non-sRGB profile
 * converted. Runs after the resize, on the small image. sRGB sources pass untouched.
 */
final class ConvertColour implements Step {

    @Override
    public Stage stage() {
        return Stage.COLOUR;
    }

    @Override
    public void apply(Job job) {
        ImageHeader h = job.header();
        byte[] icc = h.iccProfile();
        if (job.image().format() == PixelFormat.CMYK) {
            job.image = CmykConverter.toRgb(job.image(), icc, job.scratch);
        } else if (icc != null) {
            job.image = IccConverter.toSrgb(job.image(), icc, job.scratch);
        }
    }
}
