package dev.thumbd.resizer.pipeline;

import dev.thumbd.resizer.probe.ImageHeader;
import dev.thumbd.spec.ImageFormat;
import dev.thumbd.spec.OutputFormat;

/** Resolves the requested {@code fmt} to a concrete output format once the source header is known. */
@FunctionalInterface
public interface FormatChooser {

    /**
     * Without content negotiation: an explicit format is kept; {@code auto} gives PNG when the source has alpha and
     * JPEG otherwise (the last two rungs of avif > webp > png-if-alpha > jpeg).
     */
    FormatChooser NO_NEGOTIATION = (requested, header) ->
            requested.concrete().orElse(header.alpha() ? ImageFormat.PNG : ImageFormat.JPEG);

    ImageFormat choose(OutputFormat requested, ImageHeader header);
}
