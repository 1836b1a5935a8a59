package dev.thumbd.storage;

import dev.thumbd.key.ObjectKey;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a store knows about one object.
 *
 * @param key          the object's key
 * @param length       size of the content in bytes
 * @param contentType  media type recorded at upload ({@code application/octet-stream} when unknown)
 * @param etag         the store's entity tag in HTTP form, quoted ({@code "9f86d0..."}); the filesystem store uses
 *                     the hex SHA-256, S3 its own ETag. Use it for {@link WriteCondition.IfMatch}
 * @param sha256       lowercase hex SHA-256 of the content when the store knows it, else null
 * @param lastModified when the object was last written
 */
public record ObjectMetadata(ObjectKey key, long length, String contentType, String etag, @Nullable String sha256,
                             Instant lastModified) {
    public ObjectMetadata {
        Objects.requireNonNull(key);
        Objects.requireNonNull(contentType);
        Objects.requireNonNull(etag);
        Objects.requireNonNull(lastModified);
        if (length < 0) {
            throw new IllegalArgumentException("length < 0");
        }
    }
}
