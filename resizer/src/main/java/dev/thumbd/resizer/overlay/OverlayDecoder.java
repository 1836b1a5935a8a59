package dev.thumbd.resizer.overlay;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.codec.Codecs;
import dev.thumbd.resizer.codec.Decoder;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.resizer.kernel.Premultiply;
import dev.thumbd.resizer.probe.HeaderProbe;
import dev.thumbd.resizer.probe.ImageHeader;
import dev.thumbd.resizer.probe.ProbeLimits;
import dev.thumbd.resizer.transform.Orientation;
import java.util.Locale;

/**
 * Reads an overlay: its header first, bounded by {@code thumbd.limits.max-overlay-pixels} (every frame it declares
 * too) before a pixel is decoded, then its first frame at full size, upright (EXIF orientation), as premultiplied
 * RGBA in an array of its own. Colour is taken as sRGB (an embedded profile is not applied). Anything wrong with it
 * is a 422 {@code invalid-overlay} naming the key, never a problem of the thumbnail's original.
 */
public final class OverlayDecoder {

    private final Codecs codecs;
    private final ProbeLimits limits;
    private final long maxPixels;

    /**
     * @param limits    the source limits (bytes, pixels, frames) an overlay is probed with
     * @param maxPixels {@code thumbd.limits.max-overlay-pixels}
     */
    public OverlayDecoder(Codecs codecs, ProbeLimits limits, long maxPixels) {
        this.codecs = codecs;
        this.limits = limits;
        this.maxPixels = maxPixels;
    }

    /** The header of an overlay, checked against the limits (no pixel decoded). */
    public ImageHeader probe(String key, byte[] encoded) {
        ImageHeader h;
        try {
            // the overlay's own pixel limit is checked below, with its own name
            h = HeaderProbe.probe(encoded,
                    limits.withMaxPixels(Long.MAX_VALUE).withMaxAnimationPixels(Long.MAX_VALUE));
        } catch (ProblemException e) {
            throw invalid(key, e.detail());
        }
        long pixels = Math.max(h.pixels(), h.framePixels());
        if (pixels > maxPixels) {
            throw invalid(key, String.format(Locale.ROOT, "is %dx%d = %.1f MP; the limit is %.1f MP "
                    + "(thumbd.limits.max-overlay-pixels)", h.width(), h.height(), pixels / 1e6, maxPixels / 1e6));
        }
        if (h.cmyk()) {
            throw invalid(key, "is CMYK; an overlay must be RGB(A) or grey");
        }
        if (codecs.decoder(h.format()).isEmpty()) {
            throw invalid(key, "is " + h.format().token() + ", which this server cannot decode");
        }
        return h;
    }

    /** Decodes an overlay whose header {@link #probe} accepted. */
    public DecodedOverlay decode(String key, String version, byte[] encoded) {
        ImageHeader h = probe(key, encoded);
        Decoder decoder = codecs.decoder(h.format()).orElseThrow();
        try (Scratch scratch = new Scratch()) {
            PixelBuffer img;
            try {
                img = decoder.decode(encoded, 1, scratch);
                img = Orientation.apply(img, h.orientation(), scratch);
            } catch (ProblemException e) {
                throw invalid(key, e.detail());
            }
            if (img.format() == PixelFormat.CMYK) {
                throw invalid(key, "is CMYK; an overlay must be RGB(A) or grey");
            }
            PixelBuffer rgba = toRgba(img);
            Premultiply.premultiplyInPlace(rgba);
            return new DecodedOverlay(key, version, rgba);
        }
    }

    /** A copy of {@code img} as RGBA in a new array (grey widened, opaque where it had no alpha). */
    static PixelBuffer toRgba(PixelBuffer img) {
        int n = img.width() * img.height();
        int c = img.channels();
        byte[] in = img.data();
        byte[] out = new byte[n * 4];
        boolean grey = c <= 2;
        boolean alpha = img.format().hasAlpha();
        for (int p = 0; p < n; p++) {
            int i = p * c;
            int o = p * 4;
            out[o] = in[i];
            out[o + 1] = grey ? in[i] : in[i + 1];
            out[o + 2] = grey ? in[i] : in[i + 2];
            out[o + 3] = alpha ? in[i + c - 1] : (byte) 255;
        }
        return new PixelBuffer(out, img.width(), img.height(), PixelFormat.RGBA);
    }

    private static ProblemException invalid(String key, String why) {
        return new ProblemException(ProblemType.INVALID_OVERLAY, "the overlay wm=" + key + " " + why);
    }
}
