package dev.thumbd.resizer.jobs;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The ledger in Redis, shared by every replica: a hash per job ({@code <prefix><id>}: set, total, created,
 * cancelled, notify, notified), a set of the variants done and a hash of the variants failed; each key expires {@code keep} after the
 * job's last change.
 */
public final class RedisJobLedger implements JobLedger, AutoCloseable {

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisReactiveCommands<String, String> redis;
    private final String prefix;
    private final Duration keep;

    public RedisJobLedger(String uri, String prefix, Duration keep) {
        this.client = RedisClient.create(uri);
        this.connection = client.connect();
        this.redis = connection.reactive();
        this.prefix = prefix;
        this.keep = keep;
    }

    private String job(String id) {
        return prefix + id;
    }

    @Override
    public Mono<Boolean> create(String id, String variantSet, int total, Instant created,
            @org.jspecify.annotations.Nullable String notify) {
        Map<String, String> fields = new java.util.HashMap<>(Map.of("total", Integer.toString(total), "created",
                created.toString(), "cancelled", "0"));
        if (notify != null) {
            fields.put("notify", notify);
        }
        return redis.hsetnx(job(id), "set", variantSet).flatMap(fresh -> !fresh ? Mono.just(false)
                : redis.hset(job(id), fields).then(redis.expire(job(id), keep)).thenReturn(true));
    }

    /** {@code notified} set once, by whoever gets there first (HSETNX), among every replica. */
    @Override
    public Mono<String> claimNotification(String id) {
        return redis.hget(job(id), "notify").filterWhen(url -> redis.hsetnx(job(id), "notified", "1"));
    }

    @Override
    public Mono<JobStatus> find(String id) {
        return redis.hgetall(job(id)).collectMap(kv -> kv.getKey(), kv -> kv.getValue())
                .filter(h -> h.containsKey("total"))
                .flatMap(h -> Mono.zip(redis.smembers(job(id) + ":done").collectList(),
                        redis.hgetall(job(id) + ":failed").collectList()).map(t -> {
                            List<String> done = t.getT1();
                            List<JobStatus.Failure> failures = t.getT2().stream()
                                    .filter(kv -> !done.contains(kv.getKey()))
                                    .map(kv -> decode(kv.getKey(), kv.getValue())).toList();
                            return new JobStatus(id, h.get("set"), Integer.parseInt(h.get("total")), done.size(),
                                    failures, "1".equals(h.get("cancelled")), Instant.parse(h.get("created")));
                        }));
    }

    @Override
    public Mono<Void> done(String id, String variant) {
        return redis.exists(job(id)).flatMap(n -> n == 0 ? Mono.empty()
                : redis.sadd(job(id) + ":done", variant).then(touch(id)));
    }

    @Override
    public Mono<Void> failed(String id, JobStatus.Failure f) {
        return redis.exists(job(id)).flatMap(n -> n == 0 ? Mono.empty()
                : redis.hsetnx(job(id) + ":failed", f.variant(), encode(f)).then(touch(id)));
    }

    private Mono<Void> touch(String id) {
        return redis.expire(job(id), keep).then(redis.expire(job(id) + ":done", keep))
                .then(redis.expire(job(id) + ":failed", keep)).then();
    }

    @Override
    public Mono<Boolean> cancel(String id) {
        return redis.exists(job(id)).flatMap(n -> n == 0 ? Mono.just(false)
                : redis.hset(job(id), "cancelled", "1").thenReturn(true));
    }

    @Override
    public Mono<Boolean> cancelled(String id) {
        return redis.hget(job(id), "cancelled").map("1"::equals).defaultIfEmpty(true);
    }

    /** {@code key \n status \n type \n detail} (the variant is the field's name). */
    private static String encode(JobStatus.Failure f) {
        return f.key() + "\n" + f.status() + "\n" + f.type() + "\n" + f.detail();
    }

    private static JobStatus.Failure decode(String variant, String value) {
        String[] p = value.split("\n", 4);
        return new JobStatus.Failure(p[0], variant, p[2], Integer.parseInt(p[1]), p[3]);
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
