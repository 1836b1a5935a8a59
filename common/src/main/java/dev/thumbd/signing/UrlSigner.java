package dev.thumbd.signing;

import dev.thumbd.spec.ThumbnailSpec;
import java.util.Base64;
import java.util.Optional;
import java.util.OptionalLong;

/** Signs thumbnail URLs with the primary key ({@code docs/SIGNING.md}). */
public final class UrlSigner {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final SigningKeys keys;

    public UrlSigner(SigningKeys keys) {
        this.keys = keys;
    }

    /**
     * The query of a signed URL: the canonical query of {@code spec}, then {@code exp} (when given), {@code kid} and
     * {@code sig}.
     *
     * @param path the path the URL will be requested at ({@code /v1/resize})
     * @param exp  expiry in unix seconds, or empty for a URL that does not expire
     */
    public String signedQuery(String path, ThumbnailSpec spec, OptionalLong exp) {
        SigningKey key = keys.primary();
        String canonical = spec.canonicalQuery();
        String sig = signature(key, SignedString.of(path, canonical, exp, Optional.of(key.kid())));
        StringBuilder q = new StringBuilder(canonical.length() + 80).append(canonical);
        exp.ifPresent(e -> q.append("&exp=").append(e));
        return q.append("&kid=").append(key.kid()).append("&sig=").append(sig).toString();
    }

    /** {@code base64url(HMAC-SHA256(key, signedString))} without padding: 43 characters. */
    public static String signature(SigningKey key, String signedString) {
        return BASE64URL.encodeToString(key.mac(signedString));
    }
}
