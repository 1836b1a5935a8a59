package dev.thumbd.resizer.degradation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resizer's degradation level, 0 (normal) to 4 (cache hits only), from two inputs; the higher wins:
 * <ul>
 *   <li><b>local water levels</b>, sampled every second: the level rises by one after 3 consecutive samples with the
 *       admission queue over 75% full, the heap over 90%, the p99 of recent misses over its target, or the CPU over
 *       95% while the queue is over half full or the p99 over half its target; it falls by one after 10 consecutive
 *       samples with the queue under 40%, the heap under 75% and the p99 under half its target (hysteresis: no
 *       flapping around one threshold). A busy CPU alone is not overload: a CPU-bound service that keeps up runs
 *       its cores flat out;</li>
 *   <li><b>alerts</b> from Alertmanager's webhook: every firing alert labelled {@code degradation="true"} asks for
 *       its {@code level} label (1 when absent); resolved alerts, and alerts not refreshed for 10 minutes, ask for
 *       nothing.</li>
 * </ul>
 * Every change is logged and reported to a listener (the {@code thumbd.degradation.level} gauge and transition
 * counter).
 */
public final class DegradationController {

    private static final Logger LOG = LoggerFactory.getLogger(DegradationController.class);
    // The ladder (docs/HTTP.md#degradation), in one place; each level includes the ones below.
    /** From here, misses are encoded more cheaply and negotiated AVIF misses are answered with WebP. */
    public static final int CHEAPER_ENCODES = 1;
    /** From here, nearby cached widths stand in for misses and sizes are capped. */
    public static final int CAPPED_SIZES = 2;
    /** From here, info requests and uploads are shed with 503. */
    public static final int SHED_SIDE_WORK = 3;
    /** Cache hits only: every render is refused. */
    public static final int MAX_LEVEL = 4;
    static final int RAISE_AFTER = 3;
    /** The queue share from which the p99 of waits counts. */
    static final double WAITS_COUNT_FROM = 0.25;
    static final int LOWER_AFTER = 10;
    static final Duration ALERT_TTL = Duration.ofMinutes(10);

    private record Requested(int level, Instant seen) {
    }

    private final Clock clock;
    private final IntConsumer onChange;
    private final Map<String, Requested> alerts = new ConcurrentHashMap<>();
    private final AtomicInteger effective = new AtomicInteger();
    private int local;
    private int hot;
    private int cool;

    public DegradationController(Clock clock, IntConsumer onChange) {
        this.clock = clock;
        this.onChange = onChange;
    }

    /** The level in force. */
    public int level() {
        return effective.get();
    }

    /** The level the water levels alone ask for. */
    public synchronized int localLevel() {
        return local;
    }

    /** The level the alerts alone ask for. */
    public int alertLevel() {
        Instant now = clock.instant();
        alerts.values().removeIf(r -> r.seen().plus(ALERT_TTL).isBefore(now));
        return alerts.values().stream().mapToInt(Requested::level).max().orElse(0);
    }

    /** One sample of the water levels (called every second). */
    public synchronized void sample(WaterLevels w) {
        // Waits count only while a real share of the queue waits: a few clients of large photos wait for each
        // other's renders (seconds each) without the service being overloaded.
        boolean waiting = w.queue() >= WAITS_COUNT_FROM;
        boolean queueing = w.queue() > 0.5 || (waiting && w.latency() > 0.5);
        boolean high = w.queue() > 0.75 || w.heap() > 0.90 || (waiting && w.latency() > 1.0)
                || (w.cpu() > 0.95 && queueing);
        boolean low = w.queue() < 0.40 && w.heap() < 0.75 && (!waiting || w.latency() < 0.5);
        hot = high ? hot + 1 : 0;
        cool = low ? cool + 1 : 0;
        if (hot >= RAISE_AFTER && local < MAX_LEVEL) {
            local++;
            hot = 0;
            LOG.warn("degradation: local water levels high ({}), local level {}", w, local);
        } else if (cool >= LOWER_AFTER && local > 0) {
            local--;
            cool = 0;
            LOG.info("degradation: local water levels back down ({}), local level {}", w, local);
        }
        update();
    }

    /**
     * An alert from Alertmanager.
     *
     * @param key    the alert's fingerprint
     * @param firing firing (true) or resolved
     * @param level  the level it asks for while firing, 1-4
     */
    public void alert(String key, boolean firing, int level) {
        if (firing) {
            alerts.put(key, new Requested(Math.clamp(level, 1, MAX_LEVEL), clock.instant()));
        } else {
            alerts.remove(key);
        }
        update();
    }

    private synchronized void update() {
        int alerted = alertLevel();
        int next = Math.max(local, alerted);
        int previous = effective.getAndSet(next);
        if (previous != next) {
            LOG.warn("degradation level {} -> {} (local {}, alerts {})", previous, next, local, alerted);
            onChange.accept(next);
        }
    }
}
