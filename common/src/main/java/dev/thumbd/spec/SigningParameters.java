package dev.thumbd.spec;

import java.util.Objects;
import java.util.Optional;

/**
 * The signing parameters of a request, exactly as received (decoded, not validated): the parser accepts and sets
 * them aside, the signing layer checks them against the canonical query. They are never part of the spec.
 *
 * @param sig the signature, {@code sig}
 * @param kid the key id, {@code kid}
 * @param exp the expiry, {@code exp}
 */
public record SigningParameters(Optional<String> sig, Optional<String> kid, Optional<String> exp) {
    /** A request without any signing parameter. */
    public static final SigningParameters NONE =
            new SigningParameters(Optional.empty(), Optional.empty(), Optional.empty());

    public SigningParameters {
        Objects.requireNonNull(sig, "sig");
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(exp, "exp");
    }

    /** Whether none of {@code sig}, {@code kid} and {@code exp} was given. */
    public boolean isEmpty() {
        return sig.isEmpty() && kid.isEmpty() && exp.isEmpty();
    }
}
