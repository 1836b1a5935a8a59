package dev.thumbd.resizer.jobs;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.negotiation.FormatBucket;
import dev.thumbd.resizer.queue.Deliveries;
import dev.thumbd.resizer.queue.WorkQueue;
import dev.thumbd.resizer.service.RenderRequest;
import dev.thumbd.resizer.service.ThumbnailService;
import dev.thumbd.spec.OutputFormat;
import dev.thumbd.spec.SpecParser;
import dev.thumbd.spec.ThumbnailSpec;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The consumer side: reads the queue as demand asks ({@link Deliveries}), and for each entry waits for room
 * ({@link InteractiveFirst}), renders the variant through the {@link ThumbnailService} (the cache levels, single
 * flight and admission every request goes through, so the variant lands in L1, L2 and L3 as a request's would),
 * reports to the {@link JobLedger}, then acknowledges. A render the variant itself makes impossible (a 4xx problem:
 * corrupt, too large, gone) is a failure of the job, acknowledged; anything else (overload, store unavailable, a
 * crash) is left unacknowledged for a later delivery, until the queue dead-letters it. After a variant's report the
 * job's completion notification is queued if the job has ended ({@link JobWebhooks}); notification entries are
 * delivered from the same queue, without waiting for a worker.
 */
public final class BackgroundRenders {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundRenders.class);

    /** The outcomes a render is counted under. */
    public enum Outcome { DONE, FAILED, CANCELLED, RETRY, DEAD }

    /** Told of every outcome. */
    public interface Listener {
        void outcome(Outcome outcome);

        void reclaimed(int n);
    }

    private final WorkQueue queue;
    private final JobLedger ledger;
    private final ThumbnailService service;
    private final SpecParser parser;
    private final InteractiveFirst gate;
    private final Listener listener;
    private final JobWebhooks webhooks;

    public BackgroundRenders(WorkQueue queue, JobLedger ledger, ThumbnailService service, SpecParser parser,
            InteractiveFirst gate, Listener listener, JobWebhooks webhooks) {
        this.webhooks = webhooks;
        this.queue = queue;
        this.ledger = ledger;
        this.service = service;
        this.parser = parser;
        this.gate = gate;
        this.listener = listener;
    }

    /**
     * Starts consuming as {@code consumer} with {@code concurrency} renders at a time at most.
     *
     * @param settings batch, idle time before taking over another consumer's entries, poll interval
     */
    public Disposable start(String consumer, int concurrency, Deliveries.Settings settings) {
        Deliveries deliveries = new Deliveries(queue, consumer, settings.batch(), settings.minIdle(),
                settings.idlePoll(), listener::reclaimed, this::deadLettered);
        return deliveries.flux()
                .flatMap(this::handle, concurrency, 1)
                // the queue itself failed (Redis unreachable): read again, backing off up to half a minute
                .doOnError(e -> LOG.warn("reading the job queue failed: {}", e.toString()))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30)))
                .subscribe();
    }

    private void deadLettered(List<WorkQueue.Delivery> dead) {
        for (WorkQueue.Delivery d : dead) {
            if (JobWebhooks.isNotification(d)) {
                webhooks.deadLettered(d);
                continue;
            }
            listener.outcome(Outcome.DEAD);
            LOG.warn("background render {} dead-lettered after {} deliveries", d.fields(), d.deliveries());
            String job = d.fields().get(JobIntake.JOB);
            if (job != null) {
                ledger.failed(job, new JobStatus.Failure(d.fields().getOrDefault(JobIntake.KEY, ""),
                        d.fields().getOrDefault(JobIntake.VARIANT, ""), ProblemType.INTERNAL_ERROR.slug(),
                        ProblemType.INTERNAL_ERROR.status(), "Not rendered after " + (d.deliveries() - 1)
                                + " deliveries; moved to the dead letters.")).then(webhooks.jobChanged(job)).subscribe();
            }
        }
    }

    /** One entry, start to acknowledgement (a completion notification goes to {@link JobWebhooks}). */
    Mono<Outcome> handle(WorkQueue.Delivery d) {
        if (JobWebhooks.isNotification(d)) {
            return webhooks.deliver(d).then(Mono.empty());
        }
        String job = d.fields().get(JobIntake.JOB);
        String key = d.fields().get(JobIntake.KEY);
        String variant = d.fields().get(JobIntake.VARIANT);
        if (job == null || key == null || variant == null) {
            // not an entry this version wrote: the dead letters keep it for a look
            return Mono.just(Outcome.RETRY).doOnNext(listener::outcome);
        }
        return ledger.cancelled(job).flatMap(cancelled -> {
            if (cancelled) {
                return queue.ack(d.id()).thenReturn(Outcome.CANCELLED);
            }
            ThumbnailSpec spec = parser.parse(variant).spec();
            boolean avif = spec.format() == OutputFormat.AVIF;
            return gate.admit(avif)
                    .then(Mono.defer(() -> service.render(new RenderRequest(spec, FormatBucket.LEGACY))))
                    .doFinally(s -> gate.release(avif))
                    .then(ledger.done(job, variant))
                    .then(queue.ack(d.id()))
                    .then(webhooks.jobChanged(job))
                    .thenReturn(Outcome.DONE)
                    .onErrorResume(ProblemException.class, e -> e.type().status() >= 500 ? Mono.just(Outcome.RETRY)
                            : ledger.failed(job, new JobStatus.Failure(key, variant, e.type().slug(),
                                    e.type().status(), e.detail())).then(queue.ack(d.id()))
                                    .then(webhooks.jobChanged(job))
                                    .thenReturn(Outcome.FAILED));
        }).onErrorResume(e -> {
            LOG.warn("background render {} of job {} not made (delivery {}): {}", variant, job, d.deliveries(),
                    e.toString());
            return Mono.just(Outcome.RETRY);
        }).doOnNext(listener::outcome);
    }
}
