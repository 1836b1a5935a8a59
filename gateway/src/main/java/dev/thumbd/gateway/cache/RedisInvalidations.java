package dev.thumbd.gateway.cache;

import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.ReactiveSubscription;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.Disposable;
import reactor.util.retry.Retry;

/**
 * Carries writes to originals between gateways, over a Redis channel, so an overwrite through one gateway drops the
 * hot thumbnails of every gateway at once instead of within their {@code ttl}. Each gateway publishes the originals
 * written through it and drops what the others publish (its own messages come back too: dropping twice is harmless).
 *
 * <p>While Redis cannot be reached, messages are lost; so whenever the subscription is made again, everything this
 * gateway holds is dropped (it may have missed a write), and the {@code ttl} bounds the time in between.
 */
public final class RedisInvalidations implements Consumer<String>, AutoCloseable {

    /** The channel every gateway of one deployment shares. */
    public static final String CHANNEL = "thumbd:gateway:written";
    private static final Logger LOG = LoggerFactory.getLogger(RedisInvalidations.class);

    private final ReactiveStringRedisTemplate redis;
    private final Disposable subscription;

    public RedisInvalidations(ReactiveStringRedisTemplate redis, HotThumbnails hot) {
        this.redis = redis;
        this.subscription = redis.listenToChannel(CHANNEL)
                .doOnSubscribe(s -> hot.invalidateAll())
                .map(ReactiveSubscription.Message::getMessage)
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(10))
                        .doBeforeRetry(r -> LOG.warn("hot-thumbnail invalidations from other gateways not received "
                                + "(Redis: {}); retrying", r.failure().toString())))
                .subscribe(hot::invalidate, e -> LOG.error("hot-thumbnail invalidations stopped", e));
    }

    /** Tells every gateway (this one included) that an original was written. */
    @Override
    public void accept(String source) {
        redis.convertAndSend(CHANNEL, source)
                .timeout(Duration.ofSeconds(2))
                .subscribe(receivers -> { }, e -> LOG.warn("could not tell the other gateways that {} was written "
                        + "(Redis: {}); they drop its thumbnails within their ttl", source, e.toString()));
    }

    @Override
    public void close() {
        subscription.dispose();
    }
}
