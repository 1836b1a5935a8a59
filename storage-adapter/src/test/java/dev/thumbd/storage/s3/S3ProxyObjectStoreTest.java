package dev.thumbd.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.thumbd.problem.ProblemType;
import dev.thumbd.storage.Bodies;
import dev.thumbd.storage.ContentDigest;
import dev.thumbd.storage.ObjectMetadata;
import dev.thumbd.storage.ObjectStore;
import dev.thumbd.storage.ObjectStoreContractTest;
import dev.thumbd.storage.PutOptions;
import dev.thumbd.storage.StoreUnavailableException;
import dev.thumbd.storage.StoredObject;
import dev.thumbd.storage.WriteCondition;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.async.AsyncRequestBody;

/** The contract against S3Proxy running in this JVM (in-memory store), plus multipart and circuit breaker checks. */
class S3ProxyObjectStoreTest extends ObjectStoreContractTest {
    static final String ACCESS_KEY = "thumbd-test";
    static final String SECRET_KEY = "thumbd-test-secret";
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private static S3Proxy proxy;
    private String bucket;
    private S3ObjectStore store;

    @BeforeAll
    static void startProxy() throws Exception {
        proxy = startProxyOnFreePort();
    }

    @AfterAll
    static void stopProxy() throws Exception {
        proxy.stop();
    }

    @BeforeEach
    void openStore() {
        bucket = "bucket-" + BUCKETS.incrementAndGet();
        store = new S3ObjectStore(properties(proxy, bucket));
        store.createBucketIfMissing().block(WAIT);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Override
    protected ObjectStore store() {
        return store;
    }

    /**
     * S3Proxy with the settings the SDK needs: it must ignore the multipart client's {@code x-amz-mp-object-size}
     * header, which it would otherwise answer with 501.
     */
    static S3Proxy startProxyOnFreePort() throws Exception {
        S3Proxy started = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .ignoreUnknownHeaders(true)
                .build();
        started.start();
        while (!started.getState().equals("STARTED")) {
            Thread.sleep(10);
        }
        return started;
    }

    static S3StorageProperties properties(S3Proxy server, String bucket) {
        return S3StorageProperties.defaults(bucket)
                .withEndpoint(URI.create("http://127.0.0.1:" + server.getPort()), ACCESS_KEY, SECRET_KEY);
    }

    /** What a conditional PUT that failed with a server or transport error reports, decided by asking the store. */
    @Test
    void aConditionalPutWhoseAnswerFailedIsSettledByWhatTheStoreHolds() {
        byte[] mine = Bodies.random(50, 30_000);
        byte[] theirs = Bodies.random(51, 30_000);
        ContentDigest sent = ContentDigest.sha256Only();
        sent.update(java.nio.ByteBuffer.wrap(mine));
        StoreUnavailableException failed = new StoreUnavailableException("connection closed", true, null);

        // nothing there: nothing was written, the failure stands
        assertThat(failure(store.settle(key("settle/a.jpg"), WriteCondition.CREATE_ONLY, sent, failed)))
                .isEqualTo(ProblemType.STORE_UNAVAILABLE);
        // another writer's object: this write lost the race
        put("settle/b.jpg", theirs);
        assertThat(failure(store.settle(key("settle/b.jpg"), WriteCondition.CREATE_ONLY, sent, failed)))
                .isEqualTo(ProblemType.PRECONDITION_FAILED);
        // the bytes that were sent: the write reached the store, only its answer was lost
        ObjectMetadata written = put("settle/c.jpg", mine);
        assertThat(store.settle(key("settle/c.jpg"), WriteCondition.CREATE_ONLY, sent, failed).block(WAIT))
                .extracting(ObjectMetadata::etag).isEqualTo(written.etag());
        // a body that was not handed over whole cannot be what is there
        assertThat(failure(store.settle(key("settle/c.jpg"), WriteCondition.CREATE_ONLY, null, failed)))
                .isEqualTo(ProblemType.PRECONDITION_FAILED);
        // If-Match: the version still there means nothing was written
        assertThat(failure(store.settle(key("settle/c.jpg"), WriteCondition.ifMatch(written.etag()), sent, failed)))
                .isEqualTo(ProblemType.STORE_UNAVAILABLE);
    }

    @Test
    void uploadsLargeBodiesInParts() {
        byte[] bytes = Bodies.random(42, 20 * 1024 * 1024 + 12345);
        PutOptions options = PutOptions.of("image/png").withSha256(Bodies.sha256(bytes));
        ObjectMetadata written = put("big/multipart.png", bytes, options);
        assertThat(written.length()).isEqualTo(bytes.length);
        assertThat(written.etag()).as("a multipart ETag ends in -<parts>").matches("\"[0-9a-f]+-3\"");
        ObjectMetadata head = store.head(key("big/multipart.png")).block(WAIT);
        assertThat(head.sha256()).isEqualTo(Bodies.sha256(bytes));
        assertThat(read("big/multipart.png")).isEqualTo(bytes);
    }

    @Test
    void aLargeUploadWithTheWrongChecksumIsAborted() {
        byte[] bytes = Bodies.random(43, 12 * 1024 * 1024);
        PutOptions wrong = PutOptions.of("image/png").withSha256(Bodies.sha256(new byte[1]));
        assertThat(failure(store.put(key("big/wrong.png"), Bodies.chunked(bytes, 64 * 1024), wrong)))
                .isEqualTo(ProblemType.CHECKSUM_MISMATCH);
        assertThat(failure(store.head(key("big/wrong.png")))).isEqualTo(ProblemType.SOURCE_NOT_FOUND);
    }

    @Test
    void aStoredObjectThatFailsItsRecordedChecksumIsNotServed() {
        byte[] stored = Bodies.random(44, 1000);
        byte[] recorded = Bodies.random(45, 1000);
        // Written around the store, as a disk fault or another tool would: bytes that differ from the checksum.
        try (S3Clients raw = S3Clients.create(properties(proxy, bucket))) {
            raw.plain().putObject(b -> b.bucket(bucket).key("tampered.jpg").contentType("image/jpeg")
                            .metadata(Map.of(S3ObjectStore.SHA256_METADATA, Bodies.sha256(recorded))),
                    AsyncRequestBody.fromBytes(stored)).join();
        }
        StoredObject object = store.get(key("tampered.jpg")).block(WAIT);
        assertThat(object).isNotNull();
        assertThat(failure(object.content().then())).isEqualTo(ProblemType.CORRUPT_IMAGE);
    }

    @Test
    void theBreakerOpensWhenTheServerIsGone() throws Exception {
        S3Proxy own = startProxyOnFreePort();
        S3StorageProperties props = properties(own, "breaker")
                .withTimeouts(new S3StorageProperties.Timeouts(Duration.ofMillis(500), Duration.ofSeconds(2),
                        Duration.ofSeconds(10)))
                .withResilience(new S3StorageProperties.Resilience(2, Duration.ofMillis(10), 50f, 4, 4,
                        Duration.ofMinutes(5)));
        try (S3ObjectStore guarded = new S3ObjectStore(props)) {
            guarded.createBucketIfMissing().block(WAIT);
            guarded.put(key("a.jpg"), Bodies.of(new byte[10]), PutOptions.of("image/jpeg")).block(WAIT);
            assertThat(guarded.head(key("a.jpg")).block(WAIT)).isNotNull();
            own.stop();

            for (int i = 0; i < 2; i++) {
                Throwable e = catchThrowable(() -> guarded.head(key("a.jpg")).block(WAIT));
                assertThat(e).isInstanceOf(StoreUnavailableException.class);
            }
            assertThat(guarded.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
            Throwable refused = catchThrowable(() -> guarded.get(key("a.jpg")).block(WAIT));
            assertThat(refused).isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("circuit open");
            assertThat(((StoreUnavailableException) refused).type()).isEqualTo(ProblemType.STORE_UNAVAILABLE);
        }
    }
}
