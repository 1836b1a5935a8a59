package dev.thumbd.resizer.jobs;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.resizer.queue.WorkQueue;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Completion notifications (Cloudinary's notification URL): a job may name a URL ({@link WebhookPolicy} decides
 * which); once the job ends (done, failed, cancelled) whoever sees it first claims the notification in the
 * {@link JobLedger} and puts it on the {@link WorkQueue}, so it is delivered at least once, over restarts and from any
 * replica, like a render. Delivering posts the job's status signed ({@link WebhookSignature}) through the
 * {@link WebhookSender}: up to {@code attempts} tries with exponential back-off; a 2xx is delivered, any other 4xx (or
 * a 3xx, not followed) rejected for good, a 408, 429, 5xx, timeout or connection failure tried again; after the last
 * try the entry stays unacknowledged, so the queue delivers it again later and dead-letters it after
 * {@code thumbd.jobs.max-deliveries}.
 */
public final class JobWebhooks {

    private static final Logger LOG = LoggerFactory.getLogger(JobWebhooks.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Field names of a notification's queue entry (a render's entry has none of them). */
    public static final String WEBHOOK = "webhook";
    public static final String URL = "url";
    public static final String PARAMETER = "notificationUrl";

    /** The outcomes a delivery is counted under. */
    public enum Outcome { DELIVERED, REJECTED, REFUSED, RETRY, DEAD }

    /** Told of every outcome. */
    public interface Listener {
        void webhook(Outcome outcome);
    }

    private final JobLedger ledger;
    private final WorkQueue queue;
    private final WebhookPolicy policy;
    private final @Nullable WebhookSignature signature;
    private final WebhookSender sender;
    private final Clock clock;
    private final int attempts;
    private final Duration backoff;
    private final Listener listener;

    /**
     * @param signature null only when the policy allows no URL
     * @param attempts  tries per delivery, at least 1
     * @param backoff   the wait before the second try (doubled each time after, with jitter)
     */
    public JobWebhooks(JobLedger ledger, WorkQueue queue, WebhookPolicy policy, @Nullable WebhookSignature signature,
            WebhookSender sender, Clock clock, int attempts, Duration backoff, Listener listener) {
        if (policy.enabled() && signature == null) {
            throw new IllegalArgumentException("thumbd.jobs.webhooks.secret is needed when notification URLs are "
                    + "allowed");
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("thumbd.jobs.webhooks.attempts: at least 1");
        }
        this.ledger = ledger;
        this.queue = queue;
        this.policy = policy;
        this.signature = signature;
        this.sender = sender;
        this.clock = clock;
        this.attempts = attempts;
        this.backoff = backoff;
        this.listener = listener;
    }

    /**
     * A job's notification URL as given, checked (prefixes, then addresses); empty when none is given; a 400 problem
     * naming {@code parameter} when refused.
     */
    public Mono<Optional<String>> check(String parameter, @Nullable String url) {
        if (url == null) {
            return Mono.just(Optional.empty());
        }
        return policy.checkAddresses(parameter, url).map(u -> Optional.of(u.toString()));
    }

    /** The prefix check alone (no lookup), for a caller that must refuse before reading a body. */
    public void checkNow(String parameter, @Nullable String url) {
        if (url != null) {
            policy.check(parameter, url);
        }
    }

    /**
     * Called after every change that may end a job: when it has ended and names a URL nobody claimed yet, queues
     * its notification. Never fails (a failure is logged; the job itself is unaffected).
     */
    public Mono<Void> jobChanged(String id) {
        return ledger.find(id)
                .filter(s -> s.cancelled() || s.queued() == 0)
                .flatMap(s -> ledger.claimNotification(id))
                .flatMap(url -> queue.append(Map.of(WEBHOOK, id, URL, url)))
                .doOnError(e -> LOG.warn("the completion notification of job {} was not queued: {}", id, e.toString()))
                .onErrorResume(e -> Mono.empty())
                .then();
    }

    /** Whether a queue entry is a notification (not a render). */
    public static boolean isNotification(WorkQueue.Delivery d) {
        return d.fields().containsKey(WEBHOOK);
    }

    /** A dead-lettered notification: counted and logged. */
    public void deadLettered(WorkQueue.Delivery d) {
        listener.webhook(Outcome.DEAD);
        LOG.warn("the completion notification of job {} to {} was dead-lettered after {} deliveries",
                d.fields().get(WEBHOOK), d.fields().get(URL), d.deliveries());
    }

    /** Delivers one notification entry; acknowledges it unless it is to be tried again later. */
    public Mono<Outcome> deliver(WorkQueue.Delivery d) {
        String id = d.fields().get(WEBHOOK);
        String url = d.fields().get(URL);
        if (id == null || url == null || signature == null) {
            return queue.ack(d.id()).thenReturn(Outcome.REFUSED).doOnNext(listener::webhook);
        }
        return ledger.find(id).map(Optional::of).defaultIfEmpty(Optional.empty()).flatMap(status -> {
            if (status.isEmpty()) {
                LOG.warn("job {} is forgotten (thumbd.jobs.keep); its notification to {} is dropped", id, url);
                return queue.ack(d.id()).thenReturn(Outcome.REJECTED);
            }
            byte[] body = body(status.get());
            return policy.checkAtDelivery(url)
                    .flatMap(u -> send(u, id, body))
                    .onErrorResume(ProblemException.class, e -> {
                        LOG.warn("the completion notification of job {} is refused: {}", id, e.detail());
                        return Mono.just(Outcome.REFUSED);
                    })
                    .flatMap(o -> o == Outcome.RETRY ? Mono.just(o) : queue.ack(d.id()).thenReturn(o));
        }).doOnNext(listener::webhook);
    }

    private Mono<Outcome> send(URI url, String id, byte[] body) {
        return Mono.defer(() -> sender.post(url, body, WebhookSignature.HEADER, signature.sign(clock.instant(), body),
                        "Thumbd-Job", id))
                .flatMap(a -> {
                    if (a.status() >= 200 && a.status() < 300) {
                        return Mono.just(Outcome.DELIVERED);
                    }
                    if (a.status() == 408 || a.status() == 429 || a.status() >= 500) {
                        return Mono.error(new IOException("answered " + a.status() + ": " + a.body()));
                    }
                    LOG.warn("the completion notification of job {} was rejected by {}: {} {}", id, url, a.status(),
                            a.body());
                    return Mono.just(Outcome.REJECTED);
                })
                .retryWhen(Retry.backoff(attempts - 1L, backoff)
                        .filter(e -> e instanceof IOException || e instanceof TimeoutException))
                .onErrorResume(e -> {
                    LOG.warn("the completion notification of job {} to {} failed after {} tries (the queue delivers "
                            + "it again later): {}", id, url, attempts, e.toString());
                    return Mono.just(Outcome.RETRY);
                });
    }

    /** {@code {"event": "job.done" | "job.failed" | "job.cancelled", "sent": ..., "job": {status}}}. */
    private byte[] body(JobStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", "job." + s.state());
        m.put("sent", clock.instant().toString());
        m.put("job", JobSummary.describe(s));
        return JSON.writeValueAsBytes(m);
    }
}
