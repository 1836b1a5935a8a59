package dev.thumbd.storage;

import dev.thumbd.key.ObjectKey;

import java.nio.ByteBuffer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where originals, uploads and derivative thumbnails live. Every method is lazy (nothing happens before
 * subscription) and never blocks the subscriber's thread.
 *
 * <p>Failures arrive as error signals: {@link ObjectNotFoundException} (404), {@link PreconditionFailedException}
 * (412), {@link ChecksumMismatchException} (400 on upload, 422 for a stored object that fails its checksum),
 * {@link StoreUnavailableException} (503), and {@link dev.thumbd.spec.InvalidParameterException} (400) for a key the
 * store cannot hold.
 */
public interface ObjectStore {

    /**
     * The object's metadata and content. The content is a cold, single-use stream: subscribe to it once, and consume
     * or cancel it so that the file or connection is released. Stores that know the object's checksum verify it
     * while streaming: the content then ends with a {@link ChecksumMismatchException} instead of completing, so a
     * consumer must not use the bytes before completion.
     */
    Mono<StoredObject> get(ObjectKey key);

    /** The object's metadata, without its content. */
    Mono<ObjectMetadata> head(ObjectKey key);

    /**
     * Stores {@code body} under {@code key} atomically: readers see the old object or the new one, never a partial
     * write, also when the upload fails or is cancelled. The declared length and checksums in {@code options} are
     * verified before the object becomes visible; its {@link WriteCondition} is checked atomically with the write.
     * The body is subscribed at most once and is not retried.
     *
     * @return the metadata of the stored object
     */
    Mono<ObjectMetadata> put(ObjectKey key, Flux<ByteBuffer> body, PutOptions options);

    /** Deletes the object; emits whether it existed. */
    Mono<Boolean> delete(ObjectKey key);

    /**
     * The objects whose keys start with {@code prefix} (checked by {@link ObjectKey#checkPrefix}), in ascending
     * order of their UTF-8 bytes.
     */
    Flux<ObjectMetadata> list(String prefix);
}
