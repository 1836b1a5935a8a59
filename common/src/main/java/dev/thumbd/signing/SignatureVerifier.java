package dev.thumbd.signing;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.spec.InvalidParameterException;
import dev.thumbd.spec.ParameterName;
import dev.thumbd.spec.SigningParameters;
import dev.thumbd.spec.ThumbnailSpec;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Checks the signature of a request ({@code docs/SIGNING.md}). The comparison is constant-time
 * ({@link MessageDigest#isEqual}); a URL naming a key ({@code kid}) is checked with that key only, a URL without one
 * against every active key. Expiry is judged only once the signature is genuine, so a forged {@code exp} reads as a
 * bad signature.
 */
public final class SignatureVerifier {

    private static final Pattern EXP = Pattern.compile("[0-9]{1,12}");
    private static final Pattern SIG = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final SigningKeys keys;
    private final Clock clock;

    public SignatureVerifier(SigningKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * @param path the request path as received
     * @throws ProblemException {@code invalid-signature} (403) when the signature is missing, wrong, made with an
     *                          unknown or retired key, or expired; {@link InvalidParameterException} (400) for a
     *                          malformed {@code exp}
     */
    public void verify(String path, ThumbnailSpec spec, SigningParameters signing) {
        String sig = signing.sig().orElseThrow(() -> refuse(
                "This URL must be signed: add sig (and kid, exp) as described in docs/SIGNING.md."));
        OptionalLong exp = signing.exp().map(SignatureVerifier::expiry).orElse(OptionalLong.empty());
        Optional<String> kid = signing.kid();
        List<SigningKey> candidates;
        if (kid.isPresent()) {
            if (keys.isRetired(kid.get())) {
                throw refuse("The key '" + kid.get() + "' this URL was signed with is retired; sign it again.");
            }
            candidates = keys.active(kid.get()).map(List::of).orElseThrow(() -> refuse(
                    "The key '" + kid.get() + "' is not known here."));
        } else {
            candidates = keys.allActive();
        }
        byte[] given = SIG.matcher(sig).matches() ? Base64.getUrlDecoder().decode(sig) : new byte[0];
        String signed = SignedString.of(path, spec.canonicalQuery(), exp, kid);
        boolean match = false;
        for (SigningKey k : candidates) {
            match |= MessageDigest.isEqual(k.mac(signed), given);
        }
        if (!match) {
            throw refuse("The signature does not match this URL.");
        }
        if (exp.isPresent() && clock.instant().getEpochSecond() > exp.getAsLong()) {
            throw refuse("This URL expired at " + java.time.Instant.ofEpochSecond(exp.getAsLong()) + ".");
        }
    }

    private static OptionalLong expiry(String exp) {
        if (!EXP.matcher(exp).matches()) {
            throw new InvalidParameterException(ParameterName.EXP, "an expiry in unix seconds (digits only)", exp);
        }
        return OptionalLong.of(Long.parseLong(exp));
    }

    private static ProblemException refuse(String detail) {
        return new ProblemException(ProblemType.INVALID_SIGNATURE, detail);
    }
}
