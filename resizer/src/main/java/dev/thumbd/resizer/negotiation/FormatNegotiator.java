package dev.thumbd.resizer.negotiation;

import dev.thumbd.resizer.pipeline.FormatChooser;
import dev.thumbd.spec.ImageFormat;
import dev.thumbd.spec.OutputFormat;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Resolves {@code fmt=auto}: AVIF, then WebP, then PNG when the source has alpha, else JPEG, skipping a format this
 * server cannot encode. An explicit {@code fmt} is never changed here (an unavailable one fails in the encoder with a
 * 422 problem).
 */
public final class FormatNegotiator {

    private final Predicate<ImageFormat> canEncode;

    public FormatNegotiator(Predicate<ImageFormat> canEncode) {
        this.canEncode = canEncode;
    }

    /** A negotiator for a fixed set of encodable formats. */
    public static FormatNegotiator forFormats(Set<ImageFormat> encodable) {
        return new FormatNegotiator(Set.copyOf(encodable)::contains);
    }

    /** The chooser the pipeline calls once the source header (alpha) is known. */
    public FormatChooser chooser(FormatBucket bucket) {
        return (requested, header) -> resolve(requested, bucket, header.alpha());
    }

    /** The concrete output format for a request. */
    public ImageFormat resolve(OutputFormat requested, FormatBucket bucket, boolean alpha) {
        if (requested != OutputFormat.AUTO) {
            return requested.concrete().orElseThrow();
        }
        FormatBucket b = bucket;
        while (true) {
            ImageFormat f = b.preferred(alpha);
            if (b == FormatBucket.LEGACY || canEncode.test(f)) {
                return f;
            }
            b = b == FormatBucket.AVIF ? FormatBucket.WEBP : FormatBucket.LEGACY;
        }
    }
}
