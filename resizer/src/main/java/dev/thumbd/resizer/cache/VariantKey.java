package dev.thumbd.resizer.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The cache key of one thumbnail: its source, the request fingerprint and the resolved format choice ({@code jpeg},
 * ..., or {@code auto-avif|auto-webp|auto-legacy}). Signatures, key ids and raw {@code Accept} strings never enter it.
 *
 * <p>Equality is on fingerprint and format choice (the fingerprint already covers the source), so an L1 lookup costs
 * no hashing beyond the fingerprint. The ids used for file and object names, {@link #sourceId()} (SHA-256 hex of the
 * source, the directory of all its variants and the CDN {@code Surrogate-Key}) and {@link #variantId()} (SHA-256 hex
 * of fingerprint and choice), are computed on first use.
 */
public final class VariantKey {

    private final String source;
    private final String fingerprintHex;
    private final String formatChoice;
    private final int hash;
    private @Nullable String sourceId;
    private @Nullable String variantId;

    private VariantKey(String source, String fingerprintHex, String formatChoice) {
        this.source = Objects.requireNonNull(source);
        this.fingerprintHex = Objects.requireNonNull(fingerprintHex);
        this.formatChoice = Objects.requireNonNull(formatChoice);
        this.hash = 31 * fingerprintHex.hashCode() + formatChoice.hashCode();
    }

    /**
     * @param source         the original's {@code src}: a storage key or an allow-listed URL
     * @param fingerprintHex the request's fingerprint
     * @param formatChoice   the explicit format token, or {@code auto-<bucket>}
     */
    public static VariantKey of(String source, String fingerprintHex, String formatChoice) {
        return new VariantKey(source, fingerprintHex, formatChoice);
    }

    /** SHA-256 hex of a source, the id that groups all variants of one original. */
    public static String sourceId(String source) {
        return sha256(source);
    }

    public String source() {
        return source;
    }

    /** SHA-256 hex of {@link #source()}. */
    public String sourceId() {
        String id = sourceId;
        if (id == null) {
            id = sha256(source);
            sourceId = id;
        }
        return id;
    }

    /** SHA-256 hex of fingerprint and format choice. */
    public String variantId() {
        String id = variantId;
        if (id == null) {
            id = sha256(fingerprintHex + "/" + formatChoice);
            variantId = id;
        }
        return id;
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VariantKey k && hash == k.hash && fingerprintHex.equals(k.fingerprintHex)
                && formatChoice.equals(k.formatChoice);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return source + "#" + fingerprintHex.substring(0, 12) + "/" + formatChoice;
    }
}
