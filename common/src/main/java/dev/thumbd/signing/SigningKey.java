package dev.thumbd.signing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One HMAC-SHA256 key and its id ({@code kid}). The key material is the UTF-8 bytes of the configured secret, which
 * must be at least {@value #MIN_SECRET_LENGTH} characters (use {@code openssl rand -base64 32} or similar).
 */
public final class SigningKey {

    public static final int MIN_SECRET_LENGTH = 32;
    private static final Pattern KID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    private final String kid;
    private final SecretKeySpec secret;

    private SigningKey(String kid, byte[] secret) {
        this.kid = kid;
        this.secret = new SecretKeySpec(secret, "HmacSHA256");
        Arrays.fill(secret, (byte) 0);
    }

    /**
     * @param kid    1-32 characters of {@code A-Z a-z 0-9 _ -}
     * @param secret at least {@value #MIN_SECRET_LENGTH} characters
     * @throws IllegalArgumentException on a malformed id or a short secret (the message names the id, never the secret)
     */
    public static SigningKey of(String kid, String secret) {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(secret, "secret");
        if (!KID.matcher(kid).matches()) {
            throw new IllegalArgumentException("signing key id '" + kid + "' must be 1-32 characters of A-Z a-z 0-9 _ -");
        }
        if (secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("signing key '" + kid + "': the secret must be at least "
                    + MIN_SECRET_LENGTH + " characters");
        }
        return new SigningKey(kid, secret.getBytes(StandardCharsets.UTF_8));
    }

    public String kid() {
        return kid;
    }

    /** HMAC-SHA256 of {@code message} (UTF-8) under this key. */
    byte[] mac(String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by the Java platform", e);
        }
    }

    @Override
    public String toString() {
        return "SigningKey[" + kid + "]";
    }
}
