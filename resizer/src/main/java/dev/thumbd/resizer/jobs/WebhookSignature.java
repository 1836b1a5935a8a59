package dev.thumbd.resizer.jobs;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a completion notification: {@code Thumbd-Signature: t=<unix seconds>,v1=<hex>}, where {@code v1}
 * is HMAC-SHA256 under the shared secret of {@code t + "." + body} (the body's exact bytes, UTF-8). A receiver
 * recomputes it, compares in constant time, and refuses a {@code t} further than its tolerance from its own clock
 * (a replayed notification); {@link #verify} is that check (docs/JOBS.md shows it in a few lines of other languages).
 */
public final class WebhookSignature {

    public static final String HEADER = "Thumbd-Signature";
    private static final String ALGORITHM = "HmacSHA256";

    private final byte[] secret;

    /** @param secret the shared secret, at least 32 bytes */
    public WebhookSignature(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        if (this.secret.length < 32) {
            throw new IllegalArgumentException("thumbd.jobs.webhooks.secret: at least 32 bytes");
        }
    }

    /** The header's value for {@code body} sent at {@code at}. */
    public String sign(Instant at, byte[] body) {
        long t = at.getEpochSecond();
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(mac(secret, t, body));
    }

    /**
     * What a receiver checks: the header parses, {@code t} lies within {@code tolerance} of {@code now}, and one
     * {@code v1} matches (constant-time).
     */
    public static boolean verify(String secret, String header, byte[] body, Instant now, Duration tolerance) {
        long t = -1;
        java.util.List<String> signatures = new java.util.ArrayList<>();
        for (String part : header.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length != 2) {
                return false;
            }
            if (kv[0].equals("t")) {
                try {
                    t = Long.parseLong(kv[1]);
                } catch (NumberFormatException e) {
                    return false;
                }
            } else if (kv[0].equals("v1")) {
                signatures.add(kv[1]);
            }
        }
        if (t < 0 || Math.abs(now.getEpochSecond() - t) > tolerance.toSeconds()) {
            return false;
        }
        byte[] expected = mac(secret.getBytes(StandardCharsets.UTF_8), t, body);
        for (String s : signatures) {
            byte[] given;
            try {
                given = HexFormat.of().parseHex(s);
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (MessageDigest.isEqual(expected, given)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] mac(byte[] secret, long t, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
