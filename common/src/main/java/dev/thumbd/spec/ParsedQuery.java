package dev.thumbd.spec;

import java.util.Objects;

/**
 * The result of parsing one request's query: the spec, and the signing parameters set aside for the signing layer.
 *
 * @param spec    what the request asks for
 * @param signing {@code sig}, {@code kid} and {@code exp} as received
 */
public record ParsedQuery(ThumbnailSpec spec, SigningParameters signing) {
    public ParsedQuery {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(signing, "signing");
    }
}
