package dev.thumbd.storage.remote;

import java.net.URI;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * A fetched remote original.
 *
 * @param location    the URL the body came from (after redirects)
 * @param contentType the origin's {@code Content-Type}, or {@code application/octet-stream}
 * @param etag        the origin's {@code ETag}, or null
 * @param content     the body, read-only, at most {@link RemoteSourceProperties#maxBytes()} bytes
 */
public record RemoteObject(URI location, String contentType, @Nullable String etag, ByteBuffer content) {
    public RemoteObject {
        content = content.asReadOnlyBuffer();
    }
}
