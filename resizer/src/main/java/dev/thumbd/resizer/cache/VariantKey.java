package dev.thumbd.resizer.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The cache key of one thumbnail: its source and a variant id, the SHA-256 of the request fingerprint and the
 * resolved format choice ({@code jpeg}, ..., or {@code auto-avif|auto-webp|auto-legacy}). Signatures, key ids and raw
 * {@code Accept} strings never enter it.
 *
 * @param source    the original's {@code src}: a storage key or an allow-listed URL
 * @param sourceId  SHA-256 hex of {@code source}: directory name on disk, {@code Surrogate-Key} for CDN purges
 * @param variantId SHA-256 hex of fingerprint and format choice
 */
public record VariantKey(String source, String sourceId, String variantId) {

    /** The key of the variant with this fingerprint (hex) and format choice token. */
    public static VariantKey of(String source, String fingerprintHex, String formatChoice) {
        return new VariantKey(source, sourceId(source), sha256(fingerprintHex + "/" + formatChoice));
    }

    /** SHA-256 hex of a source, the id that groups all variants of one original. */
    public static String sourceId(String source) {
        return sha256(source);
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    @Override
    public String toString() {
        return source + "#" + variantId.substring(0, 12);
    }
}
