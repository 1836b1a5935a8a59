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

    /**
     * The query a gateway passes on: the canonical query, then {@code exp}, {@code kid} and {@code sig} when given
     * (so a resizer with signing keys checks the signature again). Parsing it gives this same spec and signing.
     */
    public String upstreamQuery() {
        StringBuilder b = new StringBuilder(spec.canonicalQuery());
        signing.exp().ifPresent(v -> b.append('&').append(ParameterName.EXP).append('=').append(QueryString.encode(v, false)));
        signing.kid().ifPresent(v -> b.append('&').append(ParameterName.KID).append('=').append(QueryString.encode(v, false)));
        signing.sig().ifPresent(v -> b.append('&').append(ParameterName.SIG).append('=').append(QueryString.encode(v, false)));
        return b.toString();
    }
}
