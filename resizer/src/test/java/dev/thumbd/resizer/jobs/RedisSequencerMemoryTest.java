package dev.thumbd.resizer.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.resizer.queue.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * The sequencer memory contract on a real {@code redis-server}, a fresh key prefix per test; and what only it must
 * do: namespaced keys that expire, and one claim among replicas (each its own connection) given the same record.
 */
class RedisSequencerMemoryTest extends SequencerMemoryContractTest {

    private static RedisServer redis;
    private static int prefixes;
    private String prefix;
    private RedisSequencerMemory memory;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @BeforeEach
    void connect() {
        prefix = "test" + (prefixes++) + ":seq:";
        memory = new RedisSequencerMemory(redis.uri(), prefix, Duration.ofHours(1));
    }

    @AfterEach
    void disconnect() {
        memory.close();
    }

    @Override
    SequencerMemory memory() {
        return memory;
    }

    @Test
    void eachKeyIsNamespacedAndExpiresKeepAfterItsLastChange() {
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            advance("dir/a b.jpg", "0A");
            assertThat(c.sync().get(prefix + "dir/a b.jpg")).isEqualTo("0A");
            assertThat(c.sync().pttl(prefix + "dir/a b.jpg")).isBetween(1L, Duration.ofHours(1).toMillis());
            memory.release(advance("dir/a b.jpg", "0B")).block(WAIT);
            assertThat(c.sync().get(prefix + "dir/a b.jpg")).isEqualTo("0A");
            assertThat(c.sync().pttl(prefix + "dir/a b.jpg")).isBetween(1L, Duration.ofHours(1).toMillis());
            memory.release(new SequencerMemory.Claim("dir/a b.jpg", "0A", null)).block(WAIT);
            assertThat(c.sync().exists(prefix + "dir/a b.jpg")).isZero();
        } finally {
            client.shutdown();
        }
    }

    @Test
    void replicasSharingRedisClaimARecordOnce() {
        List<RedisSequencerMemory> replicas = List.of(
                new RedisSequencerMemory(redis.uri(), prefix, Duration.ofHours(1)),
                new RedisSequencerMemory(redis.uri(), prefix, Duration.ofHours(1)),
                new RedisSequencerMemory(redis.uri(), prefix, Duration.ofHours(1)),
                new RedisSequencerMemory(redis.uri(), prefix, Duration.ofHours(1)));
        try {
            for (int round = 0; round < 20; round++) {
                String seq = String.format("%04X", round + 1);
                List<SequencerMemory.Claim> claims = Flux.fromIterable(replicas)
                        .flatMap(m -> m.advance("h.jpg", seq).subscribeOn(Schedulers.parallel()))
                        .collectList().block(WAIT);
                assertThat(claims).hasSize(1);
            }
        } finally {
            replicas.forEach(RedisSequencerMemory::close);
        }
    }
}
