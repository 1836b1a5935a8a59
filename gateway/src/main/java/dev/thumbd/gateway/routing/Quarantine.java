package dev.thumbd.gateway.routing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.thumbd.gateway.metrics.GatewayMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Fingerprints of requests whose replica closed or reset the connection while working on them: most likely the
 * request killed it (an image that exhausts memory, a codec crash), and sending it to the next replica would kill that
 * one too. For {@code ttl} such a fingerprint is answered by the gateway with 503 {@code quarantined} and never sent
 * on. Held in this process (at most {@value #MAX_ENTRIES}); others hear of it through {@link #announceWith} (Redis).
 * Counted in {@code thumbd_gateway_quarantine_total{event="added|refused"}}.
 */
public final class Quarantine {

    static final int MAX_ENTRIES = 100_000;

    private final Duration ttl;
    private final Cache<String, Boolean> held;
    private final Counter added;
    private final Counter refused;
    private volatile Consumer<String> announce = fingerprint -> { };

    /** @param ttl how long a fingerprint stays quarantined; zero: never */
    public Quarantine(Duration ttl, MeterRegistry registry) {
        this.ttl = ttl;
        this.held = Caffeine.newBuilder().expireAfterWrite(ttl.isZero() ? Duration.ofNanos(1) : ttl)
                .maximumSize(MAX_ENTRIES).build();
        this.added = Counter.builder(GatewayMeters.QUARANTINE).tag("event", "added")
                .description("requests quarantined after their replica died on them, and requests refused so")
                .register(registry);
        this.refused = Counter.builder(GatewayMeters.QUARANTINE).tag("event", "refused")
                .description("requests quarantined after their replica died on them, and requests refused so")
                .register(registry);
    }

    /** Where quarantines made here are announced (the other gateways), besides being held here. */
    public void announceWith(Consumer<String> announcer) {
        this.announce = announcer;
    }

    /** A replica died on {@code fingerprint}: hold it here and announce it. */
    public void add(String fingerprint) {
        if (ttl.isZero()) {
            return;
        }
        added.increment();
        hold(fingerprint);
        announce.accept(fingerprint);
    }

    /** Holds {@code fingerprint} here only (announced by another gateway). */
    public void hold(String fingerprint) {
        if (!ttl.isZero()) {
            held.put(fingerprint, Boolean.TRUE);
        }
    }

    /** Whether {@code fingerprint} is quarantined now; a yes is counted as a refusal. */
    public boolean refuses(String fingerprint) {
        boolean yes = held.getIfPresent(fingerprint) != null;
        if (yes) {
            refused.increment();
        }
        return yes;
    }

    /** How long a quarantine lasts. */
    public Duration ttl() {
        return ttl;
    }
}
