package dev.thumbd.resizer.jobs;

import dev.thumbd.resizer.queue.WorkQueue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * The meters of background renders: {@code thumbd.jobs.renders{outcome}}, {@code thumbd.jobs.reclaimed},
 * {@code thumbd.jobs.webhooks{outcome}} (completion notifications), and gauges of
 * the queue ({@code thumbd.jobs.queue.depth}, {@code .pending}, {@code .oldest} in seconds,
 * {@code thumbd.jobs.dead.letters}) from a snapshot taken every {@code every} (the engines answer asynchronously).
 */
public final class JobMeters implements BackgroundRenders.Listener, JobWebhooks.Listener, AutoCloseable {

    public static final String RENDERS = "thumbd.jobs.renders";
    public static final String RECLAIMED = "thumbd.jobs.reclaimed";
    public static final String DEPTH = "thumbd.jobs.queue.depth";
    public static final String PENDING = "thumbd.jobs.queue.pending";
    public static final String OLDEST = "thumbd.jobs.queue.oldest";
    public static final String DEAD = "thumbd.jobs.dead.letters";
    public static final String WEBHOOKS = "thumbd.jobs.webhooks";

    private final Map<BackgroundRenders.Outcome, Counter> outcomes = new EnumMap<>(BackgroundRenders.Outcome.class);
    private final Counter reclaimed;
    private final Map<JobWebhooks.Outcome, Counter> webhooks = new EnumMap<>(JobWebhooks.Outcome.class);
    private final AtomicReference<WorkQueue.QueueStats> last = new AtomicReference<>(
            new WorkQueue.QueueStats(0, 0, 0, 0));
    private final Disposable sampling;

    public JobMeters(MeterRegistry registry, WorkQueue queue, Duration every) {
        for (BackgroundRenders.Outcome o : BackgroundRenders.Outcome.values()) {
            outcomes.put(o, Counter.builder(RENDERS).tag("outcome", o.name().toLowerCase(Locale.ROOT))
                    .description("background renders by outcome (retry: left for a later delivery)").register(registry));
        }
        for (JobWebhooks.Outcome o : JobWebhooks.Outcome.values()) {
            webhooks.put(o, Counter.builder(WEBHOOKS).tag("outcome", o.name().toLowerCase(Locale.ROOT))
                    .description("completion notifications by outcome (retry: left for a later delivery)")
                    .register(registry));
        }
        reclaimed = Counter.builder(RECLAIMED).description("queue entries taken over from a consumer that went quiet")
                .register(registry);
        Gauge.builder(DEPTH, last, r -> r.get().depth()).description("background renders queued or in progress")
                .register(registry);
        Gauge.builder(PENDING, last, r -> r.get().pending()).description("background renders a consumer holds")
                .register(registry);
        Gauge.builder(OLDEST, last, r -> r.get().oldestMillis() / 1000.0).baseUnit("seconds")
                .description("age of the oldest background render not done").register(registry);
        Gauge.builder(DEAD, last, r -> r.get().deadLetters()).description("entries in the dead letters")
                .register(registry);
        sampling = Flux.interval(Duration.ZERO, every).onBackpressureDrop().concatMap(t -> queue.stats().onErrorResume(e -> reactor.core
                .publisher.Mono.empty())).subscribe(last::set);
    }

    @Override
    public void outcome(BackgroundRenders.Outcome outcome) {
        outcomes.get(outcome).increment();
    }

    @Override
    public void webhook(JobWebhooks.Outcome outcome) {
        webhooks.get(outcome).increment();
    }

    @Override
    public void reclaimed(int n) {
        reclaimed.increment(n);
    }

    @Override
    public void close() {
        sampling.dispose();
    }
}
