package dev.thumbd.resizer.http;

import dev.thumbd.signing.SignatureVerifier;
import dev.thumbd.spec.SigningParameters;
import dev.thumbd.spec.ThumbnailSpec;
import org.jspecify.annotations.Nullable;

/**
 * The resizer's own signature check (defence in depth: a URL that got past a gateway by mistake still fails). With
 * signing keys configured, {@code /v1/resize} and {@code /v1/info} need a valid signature (unless unsigned URLs are
 * allowed on purpose, {@code thumbd.signing.allow-unsigned}), and a signature that is present is always checked.
 * Without keys nothing is checked (a deployment that signs nothing).
 */
public final class SignatureCheck {

    /** No keys: nothing is checked. */
    public static final SignatureCheck NONE = new SignatureCheck(null, true);

    private final @Nullable SignatureVerifier verifier;
    private final boolean allowUnsigned;

    public SignatureCheck(@Nullable SignatureVerifier verifier, boolean allowUnsigned) {
        this.verifier = verifier;
        this.allowUnsigned = allowUnsigned;
    }

    /** @throws dev.thumbd.problem.ProblemException 403 {@code invalid-signature} */
    void required(String path, ThumbnailSpec spec, SigningParameters signing) {
        if (verifier != null && !(allowUnsigned && signing.isEmpty())) {
            verifier.verify(path, spec, signing);
        }
    }
}
