package dev.thumbd.spec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * SHA-256 of a canonical query ({@link ThumbnailSpec#canonicalQuery()}) in UTF-8: the identity of a thumbnail
 * request, used as the cache key (with the resolved output format) and for replica affinity.
 *
 * @param hex the 32-byte digest as 64 lowercase hex digits
 */
public record Fingerprint(String hex) {
    private static final HexFormat HEX = HexFormat.of();

    public Fingerprint {
        if (hex.length() != 64 || !hex.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
            throw new IllegalArgumentException("a fingerprint is 64 lowercase hex digits");
        }
    }

    /** The fingerprint of a canonical query. */
    public static Fingerprint of(String canonicalQuery) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return new Fingerprint(HEX.formatHex(sha256.digest(canonicalQuery.getBytes(StandardCharsets.UTF_8))));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    /** The digest bytes (a fresh copy). */
    public byte[] bytes() {
        return HEX.parseHex(hex);
    }

    /** The digest in base64url without padding (RFC 4648 section 5): 43 characters, safe in paths and file names. */
    public String base64Url() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes());
    }

    @Override
    public String toString() {
        return hex;
    }
}
