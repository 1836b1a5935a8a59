package dev.thumbd.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.thumbd.key.ObjectKey;
import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The behaviour every {@link ObjectStore} adapter must have. Each adapter's test extends this class and supplies a
 * fresh, empty store.
 */
public abstract class ObjectStoreContractTest {
    protected static final Duration WAIT = Duration.ofSeconds(60);

    /** The store under test, empty at the start of every test. */
    protected abstract ObjectStore store();

    protected static ObjectKey key(String key) {
        return ObjectKey.parse(key);
    }

    protected ObjectMetadata put(String key, byte[] bytes) {
        return put(key, bytes, PutOptions.of("image/jpeg"));
    }

    protected ObjectMetadata put(String key, byte[] bytes, PutOptions options) {
        return Objects.requireNonNull(store().put(key(key), Bodies.of(bytes), options).block(WAIT));
    }

    protected byte[] read(String key) {
        StoredObject object = Objects.requireNonNull(store().get(key(key)).block(WAIT));
        return Bodies.collect(object.content());
    }

    protected static ProblemType failure(Mono<?> call) {
        Throwable e = catchThrowable(() -> call.block(WAIT));
        assertThat(e).isInstanceOf(ProblemException.class);
        return ((ProblemException) e).type();
    }

    @Test
    void roundTripsBytesAndMetadata() {
        byte[] bytes = Bodies.random(1, 200_000);
        ObjectMetadata written = put("photos/cat.jpg", bytes);

        assertThat(written.length()).isEqualTo(bytes.length);
        assertThat(written.contentType()).isEqualTo("image/jpeg");
        assertThat(written.etag()).startsWith("\"").endsWith("\"");
        StoredObject object = store().get(key("photos/cat.jpg")).block(WAIT);
        assertThat(object).isNotNull();
        assertThat(object.metadata().etag()).isEqualTo(written.etag());
        assertThat(object.metadata().length()).isEqualTo(bytes.length);
        assertThat(Bodies.collect(object.content())).isEqualTo(bytes);
        ObjectMetadata head = store().head(key("photos/cat.jpg")).block(WAIT);
        assertThat(head).isNotNull();
        assertThat(head.etag()).isEqualTo(written.etag());
        assertThat(head.contentType()).isEqualTo("image/jpeg");
    }

    @Test
    void roundTripsEmptyObjectsAndUnusualKeys() {
        put("empty", new byte[0]);
        assertThat(read("empty")).isEmpty();
        byte[] bytes = Bodies.random(2, 1000);
        put("my%20photos/caf%C3%A9%20%F0%9F%98%80.jpg", bytes);
        assertThat(read("my photos/café 😀.jpg")).isEqualTo(bytes);
    }

    @Test
    void overwritesUnconditionally() {
        put("a.jpg", Bodies.random(3, 100));
        byte[] second = Bodies.random(4, 300);
        put("a.jpg", second);
        assertThat(read("a.jpg")).isEqualTo(second);
    }

    @Test
    void missingObjectsAreNotFound() {
        assertThat(failure(store().head(key("nope.jpg")))).isEqualTo(ProblemType.SOURCE_NOT_FOUND);
        assertThat(failure(store().get(key("nope.jpg")))).isEqualTo(ProblemType.SOURCE_NOT_FOUND);
        assertThat(catchThrowable(() -> store().head(key("nope.jpg")).block(WAIT)))
                .isInstanceOf(ObjectNotFoundException.class);
    }

    @Test
    void deleteReportsWhetherTheObjectExisted() {
        put("d.jpg", Bodies.random(5, 10));
        assertThat(store().delete(key("d.jpg")).block(WAIT)).isTrue();
        assertThat(store().delete(key("d.jpg")).block(WAIT)).isFalse();
        assertThat(failure(store().head(key("d.jpg")))).isEqualTo(ProblemType.SOURCE_NOT_FOUND);
    }

    /** A delete of a key that is only a prefix of others ("photos" of "photos/a.jpg") deletes nothing, fails not. */
    @Test
    void deleteOfAPrefixDeletesNothing() {
        byte[] body = Bodies.random(8, 10);
        put("photos/a.jpg", body);
        assertThat(store().delete(key("photos")).block(WAIT)).isFalse();
        assertThat(read("photos/a.jpg")).isEqualTo(body);
    }

    @Test
    void createOnlyRefusesAnExistingObject() {
        byte[] first = Bodies.random(6, 100);
        PutOptions createOnly = PutOptions.of("image/png").withCondition(WriteCondition.CREATE_ONLY);
        put("c.png", first, createOnly);
        assertThat(failure(store().put(key("c.png"), Bodies.of(Bodies.random(7, 50)), createOnly)))
                .isEqualTo(ProblemType.PRECONDITION_FAILED);
        assertThat(read("c.png")).isEqualTo(first);
    }

    @Test
    void ifMatchWritesOnlyOverTheNamedVersion() {
        ObjectMetadata v1 = put("m.jpg", Bodies.random(8, 100));
        byte[] two = Bodies.random(9, 100);
        ObjectMetadata v2 = put("m.jpg", two, PutOptions.of("image/jpeg").withCondition(WriteCondition.ifMatch(v1.etag())));
        assertThat(v2.etag()).isNotEqualTo(v1.etag());
        PutOptions stale = PutOptions.of("image/jpeg").withCondition(WriteCondition.ifMatch(v1.etag()));
        assertThat(failure(store().put(key("m.jpg"), Bodies.of(Bodies.random(10, 100)), stale)))
                .isEqualTo(ProblemType.PRECONDITION_FAILED);
        assertThat(failure(store().put(key("absent.jpg"), Bodies.of(two), stale)))
                .isEqualTo(ProblemType.PRECONDITION_FAILED);
        assertThat(read("m.jpg")).isEqualTo(two);
        assertThat(failure(store().head(key("absent.jpg")))).isEqualTo(ProblemType.SOURCE_NOT_FOUND);
    }

    @Test
    void declaredChecksumsAndLengthAreVerifiedBeforeAnythingIsStored() {
        byte[] bytes = Bodies.random(11, 50_000);
        PutOptions good = PutOptions.of("image/webp").withLength(bytes.length)
                .withSha256(Bodies.sha256(bytes)).withMd5(Bodies.md5(bytes));
        ObjectMetadata stored = put("v.webp", bytes, good);
        assertThat(stored.length()).isEqualTo(bytes.length);

        byte[] other = Bodies.random(12, 50_000);
        for (PutOptions bad : List.of(
                PutOptions.of("image/webp").withSha256(Bodies.sha256(bytes)),
                PutOptions.of("image/webp").withMd5(Bodies.md5(bytes)),
                PutOptions.of("image/webp").withLength(other.length - 1),
                PutOptions.of("image/webp").withLength(other.length + 1))) {
            assertThat(failure(store().put(key("v.webp"), Bodies.of(other), bad))).as("%s", bad)
                    .isEqualTo(ProblemType.CHECKSUM_MISMATCH);
            assertThat(failure(store().put(key("never.webp"), Bodies.of(other), bad))).as("%s", bad)
                    .isEqualTo(ProblemType.CHECKSUM_MISMATCH);
        }
        assertThat(read("v.webp")).isEqualTo(bytes);
        assertThat(failure(store().head(key("never.webp")))).isEqualTo(ProblemType.SOURCE_NOT_FOUND);
    }

    @Test
    void listsByPrefixInKeyOrder() {
        for (String k : List.of("photos/b.jpg", "photos/a.jpg", "photos/sub/c.jpg", "photo.jpg", "other/x.jpg")) {
            put(k, Bodies.random(k.hashCode(), 10));
        }
        assertThat(keys("photos/")).containsExactly("photos/a.jpg", "photos/b.jpg", "photos/sub/c.jpg");
        assertThat(keys("photo")).containsExactly("photo.jpg", "photos/a.jpg", "photos/b.jpg", "photos/sub/c.jpg");
        assertThat(keys("photos/s")).containsExactly("photos/sub/c.jpg");
        assertThat(keys("nothing/")).isEmpty();
        assertThat(keys("")).hasSize(5);
        List<ObjectMetadata> listed = store().list("photos/a").collectList().block(WAIT);
        assertThat(listed).singleElement().satisfies(m -> {
            assertThat(m.length()).isEqualTo(10);
            assertThat(m.etag()).isEqualTo(store().head(key("photos/a.jpg")).block(WAIT).etag());
        });
    }

    @Test
    void refusesAnInvalidListingPrefix() {
        assertThat(failure(Mono.defer(() -> store().list("../").then()))).isEqualTo(ProblemType.INVALID_PARAMETER);
    }

    @Test
    void concurrentCreateOnlyPutsHaveExactlyOneWinner() throws Exception {
        createOnlyRace("race.jpg", 6, 20_000);
    }

    /**
     * Bodies large enough that a server refusing the losers may do so before reading them (closing the connection
     * mid-upload): each loser must still learn that it lost (412), not that the store failed.
     */
    @Test
    void concurrentCreateOnlyPutsOfLargeBodiesHaveExactlyOneWinner() throws Exception {
        for (int round = 0; round < 2; round++) {
            createOnlyRace("race-large-" + round + ".jpg", 6, 1 << 20);
        }
    }

    private void createOnlyRace(String name, int writers, int size) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<@Nullable ProblemType>> results = new java.util.ArrayList<>();
            for (int i = 0; i < writers; i++) {
                byte[] bytes = Bodies.random(100 + i, size);
                results.add(pool.submit(() -> {
                    start.await();
                    Throwable e = catchThrowable(() -> store().put(key(name), Bodies.of(bytes),
                            PutOptions.of("image/jpeg").withCondition(WriteCondition.CREATE_ONLY)).block(WAIT));
                    return e == null ? null : ((ProblemException) e).type();
                }));
            }
            start.countDown();
            int winners = 0;
            for (Future<@Nullable ProblemType> r : results) {
                ProblemType outcome = r.get(60, TimeUnit.SECONDS);
                if (outcome == null) {
                    winners++;
                } else {
                    assertThat(outcome).isEqualTo(ProblemType.PRECONDITION_FAILED);
                }
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        byte[] stored = read(name);
        assertThat(stored).hasSize(size);
    }

    @Test
    void concurrentUnconditionalPutsLeaveOneWholeVersion() {
        List<byte[]> versions = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            versions.add(Bodies.random(200 + i, 100_000));
        }
        Flux.fromIterable(versions)
                .flatMap(bytes -> store().put(key("same.jpg"), Bodies.chunked(bytes, 4096), PutOptions.of("image/jpeg")))
                .blockLast(WAIT);
        byte[] stored = read("same.jpg");
        assertThat(versions).anySatisfy(v -> assertThat(stored).isEqualTo(v));
    }

    private List<String> keys(String prefix) {
        return store().list(prefix).map(m -> m.key().value()).collectList().block(WAIT);
    }
}
