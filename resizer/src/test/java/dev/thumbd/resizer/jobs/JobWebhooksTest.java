package dev.thumbd.resizer.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.resizer.queue.JournaledQueue;
import dev.thumbd.resizer.queue.WorkQueue;
import dev.thumbd.resizer.testing.WebhookReceiver;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Completion notifications against a real HTTP receiver: queued once when a job ends, signed so the receiver can
 * verify them, retried with back-off on 5xx, 429 and timeouts, never redirected, rejected for good on other 4xx, left
 * on the queue when every try failed (and delivered after a restart of the queue), the receiver's body not read.
 */
class JobWebhooksTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SECRET = "a-secret-of-at-least-thirty-two-bytes!";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;
    private WebhookReceiver receiver;
    private JournaledQueue queue;
    private JournaledJobLedger ledger;
    private final List<JobWebhooks.Outcome> outcomes = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        receiver = WebhookReceiver.start();
        queue = JournaledQueue.open(dir.resolve("q"), Schedulers.boundedElastic(), 3);
        ledger = JournaledJobLedger.open(dir.resolve("q.jobs"), Schedulers.boundedElastic(), 100, Duration.ofHours(1),
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        receiver.close();
        queue.close();
        ledger.close();
    }

    private JobWebhooks webhooks(Duration timeout) {
        return new JobWebhooks(ledger, queue, new WebhookPolicy(List.of(receiver.base() + "/hooks/"), true,
                Schedulers.boundedElastic()), new WebhookSignature(SECRET), new WebhookSender(timeout),
                Clock.systemUTC(), 3, Duration.ofMillis(20), outcomes::add);
    }

    /** A job of two variants with a notification to {@code path}, both variants reported. */
    private void finishedJob(JobWebhooks webhooks, String id, String path) {
        ledger.create(id, "thumbs", 2, Instant.parse("2026-12-01T10:00:00Z"), receiver.base() + path).block(WAIT);
        ledger.done(id, "src=a.jpg&w=64").block(WAIT);
        webhooks.jobChanged(id).block(WAIT);
        assertThat(queue.stats().block(WAIT).depth()).as("not ended: nothing queued").isZero();
        ledger.failed(id, new JobStatus.Failure("b.jpg", "src=b.jpg&w=64", "corrupt-image", 422, "Broken."))
                .block(WAIT);
        webhooks.jobChanged(id).block(WAIT);
        webhooks.jobChanged(id).block(WAIT);   // seen twice (two replicas): queued once
        assertThat(queue.stats().block(WAIT).depth()).isEqualTo(1);
    }

    private WorkQueue.Delivery take() {
        List<WorkQueue.Delivery> d = Objects.requireNonNull(queue.read("c", 10).block(WAIT));
        assertThat(d).hasSize(1);
        assertThat(JobWebhooks.isNotification(d.getFirst())).isTrue();
        return d.getFirst();
    }

    @Test
    void anEndedJobIsPostedOnceSignedAndTheReceiverVerifiesIt() throws Exception {
        JobWebhooks webhooks = webhooks(Duration.ofSeconds(10));
        String id = "0123456789abcdef0123456789abcdef";
        finishedJob(webhooks, id, "/hooks/jobs");
        assertThat(webhooks.deliver(take()).block(WAIT)).isEqualTo(JobWebhooks.Outcome.DELIVERED);
        assertThat(queue.stats().block(WAIT).depth()).as("acknowledged").isZero();

        WebhookReceiver.Received r = Objects.requireNonNull(receiver.next(WAIT));
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/hooks/jobs");
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(r.header("Thumbd-Job")).isEqualTo(id);
        String signature = r.header(WebhookSignature.HEADER);
        assertThat(signature).matches("t=\\d+,v1=[0-9a-f]{64}");
        assertThat(WebhookSignature.verify(SECRET, signature, r.body(), Instant.now(), Duration.ofMinutes(5))).isTrue();
        // what a receiver must refuse: another secret, a changed body, a replay past its tolerance
        assertThat(WebhookSignature.verify(SECRET + "x", signature, r.body(), Instant.now(), Duration.ofMinutes(5)))
                .isFalse();
        byte[] changed = r.body().clone();
        changed[changed.length - 2] ^= 1;
        assertThat(WebhookSignature.verify(SECRET, signature, changed, Instant.now(), Duration.ofMinutes(5))).isFalse();
        assertThat(WebhookSignature.verify(SECRET, signature, r.body(), Instant.now().plus(Duration.ofMinutes(6)),
                Duration.ofMinutes(5))).isFalse();

        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("event").asString()).isEqualTo("job.failed");
        assertThat(body.path("job").path("id").asString()).isEqualTo(id);
        assertThat(body.path("job").path("done").asInt()).isEqualTo(1);
        assertThat(body.path("job").path("failed").asInt()).isEqualTo(1);
        assertThat(body.path("job").path("failures").get(0).path("problem").path("status").asInt()).isEqualTo(422);
        assertThat(outcomes).containsExactly(JobWebhooks.Outcome.DELIVERED);
    }

    @Test
    void transientAnswersAreTriedAgainWithBackOffAndOther4xxAndRedirectsAreNot() throws Exception {
        JobWebhooks webhooks = webhooks(Duration.ofSeconds(10));
        receiver.answer("/hooks/flaky", 503, 429);
        finishedJob(webhooks, "a", "/hooks/flaky");
        assertThat(webhooks.deliver(take()).block(WAIT)).isEqualTo(JobWebhooks.Outcome.DELIVERED);
        assertThat(receiver.all()).hasSize(3);

        receiver.answer("/hooks/gone", 410);
        finishedJob(webhooks, "b", "/hooks/gone");
        assertThat(webhooks.deliver(take()).block(WAIT)).isEqualTo(JobWebhooks.Outcome.REJECTED);
        receiver.answer("/hooks/moved", 302);
        finishedJob(webhooks, "c", "/hooks/moved");
        assertThat(webhooks.deliver(take()).block(WAIT)).isEqualTo(JobWebhooks.Outcome.REJECTED);
        assertThat(receiver.all()).extracting(WebhookReceiver.Received::path)
                .containsExactly("/hooks/flaky", "/hooks/flaky", "/hooks/flaky", "/hooks/gone", "/hooks/moved");
        assertThat(queue.stats().block(WAIT).depth()).as("all acknowledged").isZero();
    }

    @Test
    void whenEveryTryFailsTheEntryStaysQueuedAndIsDeliveredAfterARestart() throws Exception {
        JobWebhooks webhooks = webhooks(Duration.ofMillis(500));
        receiver.answer("/hooks/down", 500, WebhookReceiver.HANG, 502);
        finishedJob(webhooks, "d", "/hooks/down");
        assertThat(webhooks.deliver(take()).block(WAIT)).isEqualTo(JobWebhooks.Outcome.RETRY);
        assertThat(receiver.all()).hasSize(3);
        assertThat(queue.stats().block(WAIT).pending()).as("not acknowledged").isEqualTo(1);

        queue.close();
        queue = JournaledQueue.open(dir.resolve("q"), Schedulers.boundedElastic(), 3);
        webhooks = webhooks(Duration.ofSeconds(10));
        WorkQueue.Reclaimed again = Objects.requireNonNull(queue.reclaim("after", Duration.ofHours(1), 10).block(WAIT));
        assertThat(again.deliveries()).hasSize(1);
        assertThat(webhooks.deliver(again.deliveries().getFirst()).block(WAIT))
                .isEqualTo(JobWebhooks.Outcome.DELIVERED);
        assertThat(queue.stats().block(WAIT).depth()).isZero();
        assertThat(outcomes).containsExactly(JobWebhooks.Outcome.RETRY, JobWebhooks.Outcome.DELIVERED);
    }

    @Test
    void theReceiversBodyIsNotReadBeyondTheLimit() throws Exception {
        JobWebhooks webhooks = webhooks(Duration.ofSeconds(10));
        receiver.answer("/hooks/huge", WebhookReceiver.HUGE);
        finishedJob(webhooks, "e", "/hooks/huge");
        assertThat(webhooks.deliver(take()).block(WAIT)).isEqualTo(JobWebhooks.Outcome.DELIVERED);
        assertThat(receiver.hugeWritten()).as("64 MB answered, at most 1 KB read").isFalse();
    }

    @Test
    void aCancelledJobIsNotifiedAndAJobWithoutURLIsNot() throws Exception {
        JobWebhooks webhooks = webhooks(Duration.ofSeconds(10));
        ledger.create("f", "thumbs", 5, Instant.now(), receiver.base() + "/hooks/f").block(WAIT);
        ledger.create("g", "thumbs", 1, Instant.now()).block(WAIT);
        ledger.done("g", "v").block(WAIT);
        webhooks.jobChanged("g").block(WAIT);
        ledger.cancel("f").block(WAIT);
        webhooks.jobChanged("f").block(WAIT);
        assertThat(webhooks.deliver(take()).block(WAIT)).isEqualTo(JobWebhooks.Outcome.DELIVERED);
        assertThat(JSON.readTree(Objects.requireNonNull(receiver.next(WAIT)).body()).path("event").asString())
                .isEqualTo("job.cancelled");
    }
}
