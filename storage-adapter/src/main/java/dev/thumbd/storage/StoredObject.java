package dev.thumbd.storage;

import java.nio.ByteBuffer;
import java.util.Objects;
import reactor.core.publisher.Flux;

/**
 * An object being read: its metadata and its content stream (cold, subscribe once; see {@link ObjectStore#get}).
 * The buffers emitted belong to the subscriber.
 */
public record StoredObject(ObjectMetadata metadata, Flux<ByteBuffer> content) {
    public StoredObject {
        Objects.requireNonNull(metadata);
        Objects.requireNonNull(content);
    }
}
