package dev.thumbd.gateway.filter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;

/**
 * The configured API keys, as SHA-256 digests (keys are never stored), each compared in constant time. Read by
 * {@link ApiKeyFilter} (who may write) and {@link RateLimitFilter} (whose bucket a request draws from).
 */
public final class ApiKeys {

    private final List<byte[]> digests;

    /** @param sha256HexDigests SHA-256 hex digests of the accepted keys */
    public ApiKeys(List<String> sha256HexDigests) {
        this.digests = sha256HexDigests.stream().map(d -> HexFormat.of().parseHex(d.strip().toLowerCase())).toList();
        for (byte[] d : digests) {
            if (d.length != 32) {
                throw new IllegalArgumentException("thumbd.gateway.api-keys holds SHA-256 hex digests (64 hex digits)");
            }
        }
    }

    /** The key a request presents ({@code X-Api-Key}, else {@code Authorization: Bearer}), or null. */
    static @Nullable String presented(HttpHeaders h) {
        String key = h.getFirst(Headers.API_KEY);
        if (key != null && !key.isBlank()) {
            return key.strip();
        }
        String auth = h.getFirst(HttpHeaders.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) && auth.length() > 7) {
            return auth.substring(7).strip();
        }
        return null;
    }

    /** The short id (first 12 hex digits of its digest) of a valid key, or null when {@code key} is not one. */
    @Nullable String idOf(String key) {
        byte[] digest = sha256(key);
        boolean ok = false;
        for (byte[] d : digests) {
            ok |= MessageDigest.isEqual(d, digest);
        }
        return ok ? HexFormat.of().formatHex(digest, 0, 6) : null;
    }

    /** SHA-256 of a key's UTF-8 bytes: what {@code thumbd.gateway.api-keys} lists ({@code printf %s KEY | sha256sum}). */
    public static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
