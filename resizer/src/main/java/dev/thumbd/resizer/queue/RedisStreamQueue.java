package dev.thumbd.resizer.queue;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link WorkQueue} on a Redis stream with one consumer group: {@code XADD} appends, {@code XREADGROUP} hands out new
 * entries, {@code XACK} (and {@code XDEL}, in one script) acknowledges, {@code XAUTOCLAIM} takes over the entries of
 * a consumer that went quiet, {@code XPENDING}'s delivery count decides when an entry is moved to the dead-letter
 * stream ({@code <stream>:dead}). Any number of resizer replicas can consume the same stream. Durability is Redis's:
 * run it with the append-only file ({@code appendonly yes}, {@code appendfsync everysec} or {@code always}).
 */
public final class RedisStreamQueue implements WorkQueue {

    /** Acknowledges and deletes in one step, so an acknowledged entry never lingers in the stream. */
    private static final String ACK = "redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) "
            + "return redis.call('XDEL', KEYS[1], ARGV[2])";
    /** Moves an entry to the dead letters in one step: ARGV = group, id, deliveries, field, value, ... */
    private static final String DEAD = "local f = {} for i = 4, #ARGV do f[#f + 1] = ARGV[i] end "
            + "f[#f + 1] = '_deliveries' f[#f + 1] = ARGV[3] f[#f + 1] = '_id' f[#f + 1] = ARGV[2] "
            + "redis.call('XADD', KEYS[2], '*', unpack(f)) redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) "
            + "return redis.call('XDEL', KEYS[1], ARGV[2])";

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisReactiveCommands<String, String> redis;
    private final String stream;
    private final String dead;
    private final String group;
    private final long maxDeliveries;

    private RedisStreamQueue(RedisClient client, StatefulRedisConnection<String, String> connection, String stream,
            String group, long maxDeliveries) {
        this.client = client;
        this.connection = connection;
        this.redis = connection.reactive();
        this.stream = stream;
        this.dead = stream + ":dead";
        this.group = group;
        this.maxDeliveries = maxDeliveries;
    }

    /**
     * Connects to {@code uri} (e.g. {@code redis://127.0.0.1:6379}) and creates the stream and its group when
     * missing (blocks once, at start).
     */
    public static RedisStreamQueue connect(String uri, String stream, String group, long maxDeliveries) {
        if (maxDeliveries < 1) {
            throw new IllegalArgumentException("maxDeliveries must be at least 1");
        }
        RedisClient client = RedisClient.create(uri);
        StatefulRedisConnection<String, String> connection = client.connect();
        RedisStreamQueue q = new RedisStreamQueue(client, connection, stream, group, maxDeliveries);
        try {
            connection.sync().xgroupCreate(XReadArgs.StreamOffset.from(stream, "0-0"), group,
                    XGroupCreateArgs.Builder.mkstream(true));
        } catch (RedisBusyException exists) {
            // BUSYGROUP: created by another replica or an earlier start
        }
        return q;
    }

    @Override
    public Mono<String> append(Map<String, String> fields) {
        if (fields.isEmpty()) {
            return Mono.error(new IllegalArgumentException("an entry needs at least one field"));
        }
        return redis.xadd(stream, fields);
    }

    @Override
    public Mono<List<Delivery>> read(String consumer, int max) {
        return redis.xreadgroup(Consumer.from(group, consumer), XReadArgs.Builder.count(max),
                        XReadArgs.StreamOffset.lastConsumed(stream))
                .map(m -> new Delivery(m.getId(), m.getBody(), 1))
                .collectList();
    }

    @Override
    public Mono<Void> ack(String id) {
        return redis.eval(ACK, ScriptOutputType.INTEGER, new String[] {stream}, group, id).then();
    }

    @Override
    public Mono<Reclaimed> reclaim(String consumer, Duration minIdle, int max) {
        Consumer<String> me = Consumer.from(group, consumer);
        return redis.xautoclaim(stream, XAutoClaimArgs.Builder.xautoclaim(me, minIdle, "0-0").count(max))
                .flatMap(claimed -> {
                    List<StreamMessage<String, String>> messages = claimed.getMessages();
                    if (messages.isEmpty()) {
                        return Mono.just(new Reclaimed(List.of(), List.of()));
                    }
                    // the delivery counts, which XAUTOCLAIM has just raised by one
                    return redis.xpending(stream, me, Range.create(messages.getFirst().getId(),
                                    messages.getLast().getId()), Limit.from(messages.size()))
                            .collectMap(p -> p.getId(), p -> p.getRedeliveryCount())
                            .flatMap(counts -> settle(messages, counts));
                });
    }

    private Mono<Reclaimed> settle(List<StreamMessage<String, String>> messages, Map<String, Long> counts) {
        List<Delivery> live = new ArrayList<>();
        List<Mono<Object>> deaths = new ArrayList<>();
        List<Delivery> died = new ArrayList<>();
        for (StreamMessage<String, String> m : messages) {
            long n = counts.getOrDefault(m.getId(), maxDeliveries + 1);
            if (n > maxDeliveries) {
                List<String> args = new ArrayList<>(List.of(group, m.getId(), Long.toString(n)));
                m.getBody().forEach((k, v) -> {
                    args.add(k);
                    args.add(v);
                });
                deaths.add(redis.eval(DEAD, ScriptOutputType.INTEGER, new String[] {stream, dead},
                        args.toArray(String[]::new)).then(Mono.empty()));
                died.add(new Delivery(m.getId(), m.getBody(), n));
            } else {
                live.add(new Delivery(m.getId(), m.getBody(), n));
            }
        }
        return Flux.concat(deaths).then(Mono.fromSupplier(() -> new Reclaimed(live, died)));
    }

    @Override
    public Mono<QueueStats> stats() {
        Mono<Long> depth = redis.xlen(stream);
        Mono<Long> pending = redis.xpending(stream, group).map(p -> p.getCount());
        Mono<Long> oldest = redis.xrange(stream, Range.unbounded(), Limit.from(1)).next()
                .map(m -> Math.max(0, System.currentTimeMillis() - millisOf(m.getId()))).defaultIfEmpty(0L);
        Mono<Long> deadLetters = redis.xlen(dead);
        return Mono.zip(depth, pending, oldest, deadLetters)
                .map(t -> new QueueStats(t.getT1(), t.getT2(), t.getT3(), t.getT4()));
    }

    @Override
    public Mono<List<Delivery>> deadLetters(int max) {
        return redis.xrange(dead, Range.unbounded(), Limit.from(max)).map(RedisStreamQueue::fromDead).collectList();
    }

    private static Delivery fromDead(StreamMessage<String, String> m) {
        Map<String, String> fields = new LinkedHashMap<>(m.getBody());
        long deliveries = Long.parseLong(fields.remove("_deliveries"));
        String id = fields.remove("_id");
        return new Delivery(id, fields, deliveries);
    }

    /** The milliseconds part of a stream id ({@code <ms>-<seq>}). */
    static long millisOf(String id) {
        int dash = id.indexOf('-');
        return Long.parseLong(dash < 0 ? id : id.substring(0, dash));
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }

    @Override
    public String toString() {
        return "redis stream " + stream + " (group " + group + ")";
    }
}
