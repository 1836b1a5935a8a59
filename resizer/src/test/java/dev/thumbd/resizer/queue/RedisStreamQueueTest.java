package dev.thumbd.resizer.queue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The queue contract on a real {@code redis-server}: a fresh stream per test. */
class RedisStreamQueueTest extends WorkQueueContractTest {

    private static RedisServer redis;
    private static int streams;
    private RedisStreamQueue queue;

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
        queue = RedisStreamQueue.connect(redis.uri(), "thumbd:jobs:test" + (streams++), "renderers", MAX_DELIVERIES);
    }

    @AfterEach
    void disconnect() {
        queue.close();
    }

    @Override
    protected WorkQueue queue() {
        return queue;
    }
}
