package dev.thumbd.storage.s3;

import dev.thumbd.key.ObjectKey;
import dev.thumbd.storage.ChecksumMismatchException;
import dev.thumbd.storage.ContentDigest;
import dev.thumbd.storage.ObjectMetadata;
import dev.thumbd.storage.ObjectNotFoundException;
import dev.thumbd.storage.ObjectStore;
import dev.thumbd.storage.PreconditionFailedException;
import dev.thumbd.storage.PutOptions;
import dev.thumbd.storage.StoreUnavailableException;
import dev.thumbd.storage.StoredObject;
import dev.thumbd.storage.WriteCondition;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.async.ResponsePublisher;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/*
 * Design notes
 *
 * Uploads are verified on the way out: the body passes through a ContentDigest, and if its length or checksum
 * differs from the declared one the body stream fails before it completes. The SDK then aborts the single PUT
 * mid-body, or aborts the multipart upload before CompleteMultipartUpload, so no object becomes visible. On top,
 * a declared MD5 is sent as Content-MD5 when the upload is a single PUT (S3 checks it), the SDK adds its default
 * CRC32 checksums, and a declared SHA-256 is recorded as user metadata (x-amz-meta-sha256) and verified on every
 * read, like the filesystem store's sidecar.
 *
 * Conditional writes are sent as If-None-Match: * and If-Match on PutObject and, for multipart uploads, on
 * CompleteMultipartUpload (AWS S3 since 2024; MinIO; S3Proxy 4.x on its filesystem and transient backends). A
 * server that ignores them would silently write unconditionally; the contract tests run against each server we
 * document.
 */

/** {@link ObjectStore} on an S3 bucket. Close it to release its connections. */
public final class S3ObjectStore implements ObjectStore, AutoCloseable {
    /** User metadata entry holding the declared SHA-256 (sent as {@code x-amz-meta-sha256}). */
    static final String SHA256_METADATA = "sha256";

    private final S3StorageProperties properties;
    private final S3Clients clients;
    private final S3Guard guard;

    public S3ObjectStore(S3StorageProperties properties) {
        this.properties = properties;
        this.clients = S3Clients.create(properties);
        this.guard = new S3Guard("s3-" + properties.bucket(), properties.timeouts(), properties.resilience());
    }

    /** The circuit breaker in front of the store, for metrics and health checks. */
    public CircuitBreaker circuitBreaker() {
        return guard.breaker();
    }

    /** Creates the bucket if it does not exist (for development setups; production buckets are provisioned). */
    public Mono<Void> createBucketIfMissing() {
        return Mono.fromFuture(() -> clients.plain().headBucket(b -> b.bucket(properties.bucket())))
                .then()
                .onErrorResume(e -> Mono.fromFuture(() -> clients.plain().createBucket(
                        b -> b.bucket(properties.bucket()))).then());
    }

    @Override
    public Mono<ObjectMetadata> head(ObjectKey key) {
        return Mono.fromFuture(() -> clients.plain().headObject(b -> b.bucket(properties.bucket()).key(key.value())))
                .map(r -> metadata(key, r))
                .onErrorMap(e -> S3Errors.map(e, key, WriteCondition.NONE))
                .transform(guard.idempotent());
    }

    @Override
    public Mono<StoredObject> get(ObjectKey key) {
        return Mono.fromFuture(() -> clients.plain().getObject(b -> b.bucket(properties.bucket()).key(key.value()),
                        AsyncResponseTransformer.<GetObjectResponse>toPublisher()))
                .onErrorMap(e -> S3Errors.map(e, key, WriteCondition.NONE))
                .transform(guard.idempotent())
                .map(publisher -> stored(key, publisher));
    }

    @Override
    public Mono<ObjectMetadata> put(ObjectKey key, Flux<ByteBuffer> body, PutOptions options) {
        return precheck(key, options.condition()).then(Mono.defer(() -> {
            ContentDigest digest = ContentDigest.forUpload(options);
            AtomicBoolean whole = new AtomicBoolean();
            Flux<ByteBuffer> verified = body
                    .doOnNext(buffer -> {
                        digest.update(buffer);
                        digest.checkRunningLength(key, options);
                    })
                    .concatWith(Mono.fromRunnable(() -> {
                        digest.verify(key, options);
                        whole.set(true);
                    }));
            return Mono.fromFuture(() -> clients.multipart().putObject(request(key, options),
                            requestBody(verified, options)))
                    .map(r -> new ObjectMetadata(key, digest.length(), options.contentType(), r.eTag(),
                            digest.sha256(), Instant.now()))
                    .onErrorMap(e -> S3Errors.map(e, key, options.condition()))
                    .transform(guard.upload())
                    .onErrorResume(StoreUnavailableException.class, e -> options.condition() == WriteCondition.NONE
                            ? Mono.error(e) : settle(key, options.condition(), whole.get() ? digest : null, e));
        }));
    }

    /**
     * What became of a conditional PUT that failed with a server error or in transport. A server that refuses the
     * condition (another writer won a race after the pre-check) may close the connection before reading the body,
     * which the SDK reports as a transport error, or fail on the concurrent write; and an answer can be lost after
     * the write succeeded. So the store is asked. Condition still holding: nothing was written, the error stands (and
     * may be retried). Condition failing: another writer's object is there (412), unless it holds exactly the bytes
     * that were sent, in which case this write reached the store and only its answer was lost.
     *
     * @param sent the digest of the whole body when it was all handed to the client, else null (then the object there
     *             cannot be this write's)
     */
    Mono<ObjectMetadata> settle(ObjectKey key, WriteCondition condition, @Nullable ContentDigest sent,
            StoreUnavailableException error) {
        return precheck(key, condition).then(Mono.<ObjectMetadata>error(error))
                .onErrorResume(PreconditionFailedException.class, refused -> sent == null ? Mono.error(refused)
                        : holds(key, sent).flatMap(same -> same ? head(key) : Mono.error(refused)));
    }

    /** Whether the object under {@code key} holds exactly the bytes of {@code sent} (length, then SHA-256). */
    private Mono<Boolean> holds(ObjectKey key, ContentDigest sent) {
        return get(key).flatMap(o -> {
            if (o.metadata().length() != sent.length()) {
                return Mono.just(false);
            }
            ContentDigest there = ContentDigest.sha256Only();
            return o.content().doOnNext(there::update)
                    .then(Mono.fromCallable(() -> there.sha256().equals(sent.sha256())));
        }).onErrorResume(ObjectNotFoundException.class, e -> Mono.just(false));
    }

    /**
     * Checks a write condition with a HEAD before any byte is sent. The conditional header on the PUT still decides
     * races; this check makes the common refusal cheap and clean: a server that refuses a conditional PUT before
     * reading the body may close the connection mid-upload, which the SDK reports as a transport error, not a 412.
     */
    private Mono<Void> precheck(ObjectKey key, WriteCondition condition) {
        if (condition == WriteCondition.NONE) {
            return Mono.empty();
        }
        Mono<Optional<ObjectMetadata>> current = head(key).map(Optional::of)
                .onErrorResume(ObjectNotFoundException.class, e -> Mono.just(Optional.empty()));
        return current.flatMap(found -> {
            boolean holds = condition instanceof WriteCondition.IfMatch m
                    ? found.isPresent() && m.etag().equals(found.get().etag())
                    : found.isEmpty();
            return holds ? Mono.empty() : Mono.error(PreconditionFailedException.of(key, condition));
        });
    }

    @Override
    public Mono<Boolean> delete(ObjectKey key) {
        Mono<Void> delete = Mono.fromFuture(() -> clients.plain().deleteObject(
                        b -> b.bucket(properties.bucket()).key(key.value())))
                .onErrorMap(e -> S3Errors.map(e, key, WriteCondition.NONE))
                .transform(guard.idempotent())
                .then();
        return head(key).hasElement()
                .onErrorResume(ObjectNotFoundException.class, e -> Mono.just(false))
                .flatMap(existed -> delete.thenReturn(existed));
    }

    @Override
    public Flux<ObjectMetadata> list(String prefix) {
        String checked = ObjectKey.checkPrefix(prefix);
        return page(checked, null)
                .expand(r -> Boolean.TRUE.equals(r.isTruncated()) ? page(checked, r.nextContinuationToken())
                        : Mono.empty())
                .concatMapIterable(ListObjectsV2Response::contents)
                .map(S3Object::key)
                .filter(k -> isValidKey(k))
                .flatMapSequential(k -> head(ObjectKey.parse(k))
                        .onErrorResume(ObjectNotFoundException.class, e -> Mono.empty()), 8);
    }

    @Override
    public void close() {
        clients.close();
    }

    private Mono<ListObjectsV2Response> page(String prefix, @Nullable String token) {
        ObjectKey anyKey = ObjectKey.parse("list");
        return Mono.fromFuture(() -> clients.plain().listObjectsV2(b -> b.bucket(properties.bucket())
                        .prefix(prefix).continuationToken(token)))
                .onErrorMap(e -> S3Errors.map(e, anyKey, WriteCondition.NONE))
                .transform(guard.idempotent());
    }

    private PutObjectRequest request(ObjectKey key, PutOptions options) {
        PutObjectRequest.Builder b = PutObjectRequest.builder()
                .bucket(properties.bucket())
                .key(key.value())
                .contentType(options.contentType());
        if (options.hasLength()) {
            b.contentLength(options.length());
        }
        if (options.md5() != null && options.hasLength() && options.length() <= properties.multipartThreshold()) {
            b.contentMD5(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(options.md5())));
        }
        if (options.sha256() != null) {
            b.metadata(Map.of(SHA256_METADATA, options.sha256()));
        }
        switch (options.condition()) {
            case WriteCondition.IfNoneMatch c -> b.ifNoneMatch("*");
            case WriteCondition.IfMatch c -> b.ifMatch(c.etag());
            case WriteCondition.Unconditional c -> {
            }
        }
        return b.build();
    }

    /** The body, with its length declared to the SDK when known (so that it can choose single or multipart). */
    private static AsyncRequestBody requestBody(Flux<ByteBuffer> body, PutOptions options) {
        if (!options.hasLength()) {
            return AsyncRequestBody.fromPublisher(body);
        }
        return new AsyncRequestBody() {
            @Override
            public Optional<Long> contentLength() {
                return Optional.of(options.length());
            }

            @Override
            public void subscribe(Subscriber<? super ByteBuffer> subscriber) {
                body.subscribe(subscriber);
            }
        };
    }

    private StoredObject stored(ObjectKey key, ResponsePublisher<GetObjectResponse> publisher) {
        GetObjectResponse r = publisher.response();
        ObjectMetadata meta = new ObjectMetadata(key, r.contentLength(), contentType(r.contentType()), r.eTag(),
                r.metadata().get(SHA256_METADATA), instant(r.lastModified()));
        Flux<ByteBuffer> content = Flux.defer(() -> {
            ContentDigest digest = ContentDigest.sha256Only();
            return Flux.from(publisher)
                    .doOnNext(digest::update)
                    .concatWith(Mono.fromRunnable(() -> verify(meta, digest)))
                    .onErrorMap(e -> S3Errors.map(e, key, WriteCondition.NONE));
        });
        return new StoredObject(meta, content);
    }

    private static void verify(ObjectMetadata meta, ContentDigest digest) {
        if (digest.length() != meta.length()) {
            throw ChecksumMismatchException.stored(meta.key(), "length");
        }
        if (meta.sha256() != null && !digest.sha256().equals(meta.sha256())) {
            throw ChecksumMismatchException.stored(meta.key(), "SHA-256");
        }
    }

    private static ObjectMetadata metadata(ObjectKey key, HeadObjectResponse r) {
        return new ObjectMetadata(key, r.contentLength(), contentType(r.contentType()), r.eTag(),
                r.metadata().get(SHA256_METADATA), instant(r.lastModified()));
    }

    private static String contentType(@Nullable String value) {
        return value == null ? "application/octet-stream" : value;
    }

    private static Instant instant(@Nullable Instant value) {
        return value == null ? Instant.EPOCH : value;
    }

    private static boolean isValidKey(String key) {
        try {
            return ObjectKey.parse(key).value().equals(key);
        } catch (dev.thumbd.problem.ProblemException e) {
            // A key written by another tool that thumbd's rules refuse (or would decode into another key) cannot
            // be addressed through this port, so it is not listed.
            return false;
        }
    }
}
