package dev.thumbd.resizer.jobs;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * The sequencer memory in Redis, shared by every replica: one string per object key ({@code <prefix><key>}) holding
 * the last sequencer handled, expiring {@code keep} after its last advance (the memory stays bounded). The comparison
 * and the advance are one Lua script, so a record handed to two replicas at once is claimed by one.
 */
public final class RedisSequencerMemory implements SequencerMemory, AutoCloseable {

    /**
     * KEYS[1] the key; ARGV[1] the sequencer, ARGV[2] the expiry in ms. Answers {@code n} (not greater: nothing
     * changed), {@code f} (advanced from nothing) or {@code p<previous>} (advanced from previous). Compared byte by
     * byte after left-padding with zeros and upper-casing (no locale: Lua's {@code <} on strings uses strcoll).
     */
    private static final String ADVANCE = """
            local cur = redis.call('GET', KEYS[1])
            local seq = ARGV[1]
            if cur then
              local n = math.max(#cur, #seq)
              local a = string.upper(string.rep('0', n - #seq) .. seq)
              local b = string.upper(string.rep('0', n - #cur) .. cur)
              local greater = false
              for i = 1, n do
                local x, y = string.byte(a, i), string.byte(b, i)
                if x ~= y then
                  greater = x > y
                  break
                end
              end
              if not greater then
                return 'n'
              end
            end
            redis.call('SET', KEYS[1], seq, 'PX', ARGV[2])
            if cur then
              return 'p' .. cur
            end
            return 'f'
            """;

    /** KEYS[1] the key; ARGV[1] the claimed sequencer, ARGV[2] '1' and ARGV[3] the previous one, ARGV[4] ms. */
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              if ARGV[2] == '1' then
                redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4])
              else
                redis.call('DEL', KEYS[1])
              end
            end
            return 'ok'
            """;

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisReactiveCommands<String, String> redis;
    private final String prefix;
    private final String keepMillis;

    public RedisSequencerMemory(String uri, String prefix, Duration keep) {
        if (keep.toMillis() < 1) {
            throw new IllegalArgumentException("the sequencer memory's keep must be at least 1ms");
        }
        this.client = RedisClient.create(uri);
        this.connection = client.connect();
        this.redis = connection.reactive();
        this.prefix = prefix;
        this.keepMillis = Long.toString(keep.toMillis());
    }

    @Override
    public Mono<Claim> advance(String key, String sequencer) {
        return redis.<String>eval(ADVANCE, ScriptOutputType.VALUE, new String[] {prefix + key}, sequencer, keepMillis)
                .next().flatMap(answer -> switch (answer.charAt(0)) {
                    case 'f' -> Mono.just(new Claim(key, sequencer, null));
                    case 'p' -> Mono.just(new Claim(key, sequencer, answer.substring(1)));
                    default -> Mono.empty();
                });
    }

    @Override
    public Mono<Void> release(Claim claim) {
        String previous = claim.previous();
        return redis.<String>eval(RELEASE, ScriptOutputType.VALUE, new String[] {prefix + claim.key()},
                claim.sequencer(), previous == null ? "0" : "1", previous == null ? "" : previous, keepMillis)
                .then();
    }

    /** What the key remembers now (tests). */
    Mono<String> remembered(String key) {
        return redis.get(prefix + key);
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }

    @Override
    public String toString() {
        return "Redis sequencer memory";
    }
}
