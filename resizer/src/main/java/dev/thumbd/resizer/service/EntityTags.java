package dev.thumbd.resizer.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Strong entity tags for thumbnails, derived from what determines a thumbnail's bytes and from nothing else: the
 * variant id (fingerprint and format choice, plus how a degraded rendition differs), the original's version (its
 * store ETag) and the engine's output version ({@code ThumbnailPipeline#outputVersion}). A render is byte-identical
 * for the same three, so the tag is known before rendering: a conditional request is answered 304 from the
 * original's metadata alone (docs/HTTP.md#validators). The signature and key id are not part of it, so rotating
 * signing keys keeps every ETag (and every cache) valid; overwriting the original or changing the engine changes it.
 */
final class EntityTags {
    private EntityTags() {
    }

    /** A quoted strong ETag of 27 base64url characters (160 bits). */
    static String of(String variantId, String sourceVersion, String engineVersion) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(
                    (variantId + "/" + sourceVersion + "/" + engineVersion).getBytes(StandardCharsets.UTF_8));
            return '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(h).substring(0, 27) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
