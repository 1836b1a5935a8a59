package dev.thumbd.resizer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thumbd.resizer.jobs.BucketEvents;
import dev.thumbd.resizer.jobs.JobIntake;
import dev.thumbd.resizer.jobs.JournaledSequencerMemory;
import dev.thumbd.resizer.jobs.RedisSequencerMemory;
import dev.thumbd.resizer.jobs.SequencerMemory;
import dev.thumbd.resizer.jobs.VariantSet;
import dev.thumbd.resizer.queue.RedisServer;
import dev.thumbd.resizer.service.ThumbnailService;
import dev.thumbd.storage.ObjectStore;
import dev.thumbd.problem.ProblemException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@link BucketEvents} over a shared {@link SequencerMemory}: two replicas sharing a real {@code redis-server} handle a
 * record given to both once; a record whose handling fails (its job refused, the queue full) is not remembered, so its
 * redelivery is handled; the embedded, journaled memory keeps what was handled over a restart. The purge, the store
 * and the intake are a real resizer's (its queue holds nothing: {@code max-depth=0}, so every job is refused).
 */
class BucketEventsReplicasTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    private static RedisServer redis;
    private static ResizerServer server;
    private static int prefixes;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start();
        server = ResizerServer.start(Map.of(
                "thumbd.store.root", dir.resolve("data").toString(),
                "thumbd.cache.disk.dir", dir.resolve("cache").toString(),
                "thumbd.jobs.enabled", "false",
                "thumbd.jobs.max-depth", "0",
                "thumbd.jobs.variant-sets.pair", "widths=64&formats=webp,jpeg"));
        for (String key : List.of("r/a.jpg", "r/b.jpg", "r/c.jpg")) {
            server.seed(key, "photo-600x450.jpg");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        redis.close();
    }

    /** A replica's bucket events: queueing {@code set} for created keys, when given. */
    private static BucketEvents replica(SequencerMemory memory, Optional<VariantSet> set) {
        return new BucketEvents(server.bean(ObjectStore.class), server.bean(ThumbnailService.class),
                server.bean(JobIntake.class), null, "_derivatives", set, memory);
    }

    private static RedisSequencerMemory redisMemory(String prefix) {
        return new RedisSequencerMemory(redis.uri(), prefix, Duration.ofHours(1));
    }

    private static BucketEvents.Record put(String key, String sequencer) {
        return new BucketEvents.Record("ObjectCreated:Put", null, key, sequencer);
    }

    @Test
    void twoReplicasGivenTheSameRecordHandleItOnce() {
        String prefix = "replicas" + (prefixes++) + ":seq:";
        try (RedisSequencerMemory one = redisMemory(prefix); RedisSequencerMemory two = redisMemory(prefix)) {
            BucketEvents a = replica(one, Optional.empty());
            BucketEvents b = replica(two, Optional.empty());
            for (int round = 1; round <= 10; round++) {
                List<BucketEvents.Record> records = List.of(put("r/a.jpg", String.format("%04X", round)),
                        new BucketEvents.Record("ObjectRemoved:Delete", null, "r/b.jpg", String.format("%04X", round)));
                var both = Mono.zip(a.handle(records).subscribeOn(Schedulers.parallel()),
                        b.handle(records).subscribeOn(Schedulers.parallel())).block(WAIT);
                assertThat(both.getT1().created() + both.getT2().created()).isEqualTo(1);
                assertThat(both.getT1().removed() + both.getT2().removed()).isEqualTo(1);
                assertThat(both.getT1().ignored() + both.getT2().ignored()).isEqualTo(2);
            }
            // redelivered later, to either: a duplicate
            assertThat(a.handle(List.of(put("r/a.jpg", "000A"))).block(WAIT).ignored()).isEqualTo(1);
            assertThat(b.handle(List.of(put("r/a.jpg", "0009"))).block(WAIT).ignored()).isEqualTo(1);
        }
    }

    @Test
    void aRecordWhoseHandlingFailedIsNotRememberedSoItsRedeliveryIsHandled() {
        String prefix = "failed" + (prefixes++) + ":seq:";
        try (RedisSequencerMemory memory = redisMemory(prefix)) {
            VariantSet pair = server.bean(JobIntake.class).set("test", "pair");
            BucketEvents full = replica(memory, Optional.of(pair));
            assertThatThrownBy(() -> full.handle(List.of(put("r/c.jpg", "0B"))).block(WAIT))
                    .isInstanceOf(ProblemException.class).hasMessageContaining("limit is 0");
            // redelivered: tried again (not dropped as a duplicate), and refused again
            assertThatThrownBy(() -> full.handle(List.of(put("r/c.jpg", "0B"))).block(WAIT))
                    .isInstanceOf(ProblemException.class);
            // once there is room (here: a replica queueing nothing), the redelivery is handled, then remembered
            BucketEvents room = replica(memory, Optional.empty());
            assertThat(room.handle(List.of(put("r/c.jpg", "0B"))).block(WAIT).created()).isEqualTo(1);
            assertThat(room.handle(List.of(put("r/c.jpg", "0B"))).block(WAIT).ignored()).isEqualTo(1);
            // a failure after an earlier success goes back to the earlier sequencer
            assertThatThrownBy(() -> full.handle(List.of(put("r/c.jpg", "0C"))).block(WAIT))
                    .isInstanceOf(ProblemException.class);
            assertThat(room.handle(List.of(put("r/c.jpg", "0B"))).block(WAIT).ignored()).isEqualTo(1);
            assertThat(room.handle(List.of(put("r/c.jpg", "0C"))).block(WAIT).created()).isEqualTo(1);
        }
    }

    @Test
    void aRecordWhoseHandlingIsCancelledIsNotRememberedEither() throws Exception {
        String prefix = "cancelled" + (prefixes++) + ":seq:";
        try (RedisSequencerMemory memory = redisMemory(prefix)) {
            ObjectStore real = server.bean(ObjectStore.class);
            java.util.concurrent.CompletableFuture<Void> asked = new java.util.concurrent.CompletableFuture<>();
            // a store whose HEAD never answers: the handling waits there until its caller gives up
            ObjectStore hanging = new ObjectStore() {
                @Override
                public Mono<dev.thumbd.storage.StoredObject> get(dev.thumbd.key.ObjectKey key) {
                    return real.get(key);
                }

                @Override
                public Mono<dev.thumbd.storage.ObjectMetadata> head(dev.thumbd.key.ObjectKey key) {
                    return Mono.<dev.thumbd.storage.ObjectMetadata>never().doOnSubscribe(s -> asked.complete(null));
                }

                @Override
                public Mono<dev.thumbd.storage.ObjectMetadata> put(dev.thumbd.key.ObjectKey key,
                        reactor.core.publisher.Flux<java.nio.ByteBuffer> body, dev.thumbd.storage.PutOptions options) {
                    return real.put(key, body, options);
                }

                @Override
                public Mono<Boolean> delete(dev.thumbd.key.ObjectKey key) {
                    return real.delete(key);
                }

                @Override
                public reactor.core.publisher.Flux<dev.thumbd.storage.ObjectMetadata> list(String p) {
                    return real.list(p);
                }
            };
            BucketEvents stuck = new BucketEvents(hanging, server.bean(ThumbnailService.class),
                    server.bean(JobIntake.class), null, "_derivatives",
                    Optional.of(server.bean(JobIntake.class).set("test", "pair")), memory);
            reactor.core.Disposable handling = stuck.handle(List.of(put("r/b.jpg", "7F"))).subscribe();
            asked.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);   // claimed and purged, in HEAD
            handling.dispose();
            // the claim is given back (asynchronously): the redelivery is handled, not ignored
            BucketEvents room = replica(memory, Optional.empty());
            long deadline = System.nanoTime() + WAIT.toNanos();
            BucketEvents.Outcome again;
            do {
                again = room.handle(List.of(put("r/b.jpg", "7F"))).block(WAIT);
            } while (again.created() == 0 && System.nanoTime() < deadline && sleep());
            assertThat(again.created()).isEqualTo(1);
        }
    }

    private static boolean sleep() {
        try {
            Thread.sleep(20);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void theEmbeddedMemoryKeepsWhatWasHandledOverARestart() throws Exception {
        Path file = dir.resolve("journal.sequencers");
        try (JournaledSequencerMemory before = JournaledSequencerMemory.open(file, Schedulers.boundedElastic(), 1000,
                Duration.ofDays(7), Clock.systemUTC())) {
            BucketEvents events = replica(before, Optional.empty());
            assertThat(events.handle(List.of(put("r/a.jpg", "05"))).block(WAIT).created()).isEqualTo(1);
        }
        try (JournaledSequencerMemory after = JournaledSequencerMemory.open(file, Schedulers.boundedElastic(), 1000,
                Duration.ofDays(7), Clock.systemUTC())) {
            BucketEvents events = replica(after, Optional.empty());
            assertThat(events.handle(List.of(put("r/a.jpg", "05"))).block(WAIT).ignored()).isEqualTo(1);
            assertThat(events.handle(List.of(put("r/a.jpg", "06"))).block(WAIT).created()).isEqualTo(1);
        }
    }
}
