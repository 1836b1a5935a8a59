package dev.thumbd.resizer.jobs;

import dev.thumbd.resizer.queue.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The ledger contract on a real {@code redis-server}, a fresh key prefix per test. */
class RedisJobLedgerTest extends JobLedgerContractTest {

    private static RedisServer redis;
    private static int prefixes;
    private RedisJobLedger ledger;

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
        ledger = new RedisJobLedger(redis.uri(), "test" + (prefixes++) + ":job:", Duration.ofHours(1));
    }

    @AfterEach
    void disconnect() {
        ledger.close();
    }

    @Override
    JobLedger ledger() {
        return ledger;
    }
}
