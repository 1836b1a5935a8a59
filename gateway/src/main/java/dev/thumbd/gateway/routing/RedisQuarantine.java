package dev.thumbd.gateway.routing;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.ReactiveSubscription;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.Disposable;
import reactor.util.retry.Retry;

/**
 * Carries quarantined fingerprints between gateways over a Redis channel: one gateway's replica dying on a request is
 * enough for every gateway to stop sending it on. Messages lost while Redis cannot be reached only mean another
 * replica may be tried once more by another gateway.
 */
public final class RedisQuarantine implements AutoCloseable {

    /** The channel every gateway of one deployment shares. */
    public static final String CHANNEL = "thumbd:gateway:quarantined";
    private static final Logger LOG = LoggerFactory.getLogger(RedisQuarantine.class);

    private final ReactiveStringRedisTemplate redis;
    private final Disposable subscription;

    public RedisQuarantine(ReactiveStringRedisTemplate redis, Quarantine quarantine) {
        this.redis = redis;
        this.subscription = redis.listenToChannel(CHANNEL)
                .map(ReactiveSubscription.Message::getMessage)
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(10))
                        .doBeforeRetry(r -> LOG.warn("quarantines from other gateways not received (Redis: {}); "
                                + "retrying", r.failure().toString())))
                .subscribe(quarantine::hold, e -> LOG.error("quarantines from other gateways stopped", e));
        quarantine.announceWith(this::publish);
    }

    private void publish(String fingerprint) {
        redis.convertAndSend(CHANNEL, fingerprint)
                .timeout(Duration.ofSeconds(2))
                .subscribe(receivers -> { }, e -> LOG.warn("could not tell the other gateways of quarantined {} "
                        + "(Redis: {})", fingerprint, e.toString()));
    }

    @Override
    public void close() {
        subscription.dispose();
    }
}
