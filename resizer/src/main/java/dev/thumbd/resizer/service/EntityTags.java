package dev.thumbd.resizer.service;

import dev.thumbd.spec.ImageFormat;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Strong entity tags for thumbnails: a hash of the variant id (fingerprint and format choice), the resolved format and
 * the original's version. The signature and key id are not part of it, so rotating signing keys keeps every ETag (and
 * every cache) valid; overwriting the original changes it.
 */
final class EntityTags {
    private EntityTags() {
    }

    /** A quoted strong ETag of 27 base64url characters (160 bits). */
    static String of(String variantId, ImageFormat format, String sourceVersion) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(
                    (variantId + "/" + format.token() + "/" + sourceVersion).getBytes(StandardCharsets.UTF_8));
            return '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(h).substring(0, 27) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
