package dev.thumbd.resizer.pipeline;

import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.resizer.kernel.Kernel;
import dev.thumbd.resizer.kernel.OverBlend;
import dev.thumbd.resizer.kernel.Resampler;
import dev.thumbd.resizer.overlay.DecodedOverlay;
import dev.thumbd.resizer.overlay.OverlayCache;
import dev.thumbd.resizer.overlay.OverlayDecoder;
import dev.thumbd.resizer.overlay.OverlayInput;
import dev.thumbd.resizer.transform.Composite;
import dev.thumbd.resizer.transform.OverlayPlane;
import java.util.Objects;

/**
 * {@code wm}: lays the overlay over the finished image, after the filters and before the encode. On the first frame
 * the overlay is taken from the cache or decoded (and kept there), resized with the resize kernel (premultiplied) to
 * its {@link OverlayFit}, made into the planes the blend reads with the opacity, and placed; every frame of an
 * animation then gets the same overlay at the same place.
 */
final class LayOverlay implements Step {

    private final Resampler resampler;
    private final Kernel kernel;
    private final OverBlend blend;
    private final OverlayDecoder decoder;
    private final OverlayCache cache;
    private final long maxOverlayPixels;

    LayOverlay(Resampler resampler, Kernel kernel, OverBlend blend, OverlayDecoder decoder, OverlayCache cache,
            long maxOverlayPixels) {
        this.resampler = resampler;
        this.kernel = kernel;
        this.blend = blend;
        this.decoder = decoder;
        this.cache = cache;
        this.maxOverlayPixels = maxOverlayPixels;
    }

    @Override
    public Stage stage() {
        return Stage.OVERLAY;
    }

    @Override
    public void apply(Job job) {
        if (!job.spec.overlays()) {
            return;
        }
        PixelBuffer img = job.image();
        OverlayPlane plane = job.overlayPlane;
        if (plane == null || plane.channels() != Composite.layoutFor(img.format()).channels()) {
            DecodedOverlay overlay = decoded(Objects.requireNonNull(job.overlay, "overlay"));
            PixelBuffer px = overlay.pixels();
            OverlayFit fit = OverlayFit.of(img.width(), img.height(), px.width(), px.height(), job.spec.watermark(),
                    maxOverlayPixels);
            PixelBuffer sized = resized(px, fit);
            plane = OverlayPlane.of(sized, job.spec.watermark().opacity(), Composite.layoutFor(img.format()));
            int[] at = Composite.place(img.width(), img.height(), fit.width(), fit.height(), job.spec.watermark());
            job.overlayPlane = plane;
            job.overlayX = at[0];
            job.overlayY = at[1];
        }
        job.image = Composite.apply(img, plane, job.overlayX, job.overlayY, blend, job.scratch);
    }

    private DecodedOverlay decoded(OverlayInput in) {
        if (in.decoded() != null) {
            return in.decoded();
        }
        DecodedOverlay o = cache.get(in.key(), in.version())
                .orElseGet(() -> decoder.decode(in.key(), in.version(), Objects.requireNonNull(in.encoded())));
        cache.put(o);
        return o;
    }

    /** The premultiplied overlay at the fitted size, in an array of its own (a scratch of its own for the kernel). */
    private PixelBuffer resized(PixelBuffer px, OverlayFit fit) {
        if (px.width() == fit.width() && px.height() == fit.height()) {
            return px;
        }
        try (Scratch own = new Scratch()) {
            PixelBuffer r = resampler.resize(px, fit.width(), fit.height(), kernel, own);
            byte[] copy = java.util.Arrays.copyOf(r.data(), r.byteLength());
            return new PixelBuffer(copy, r.width(), r.height(), r.format());
        }
    }
}
