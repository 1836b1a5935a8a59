package dev.thumbd.resizer.jobs;

import dev.thumbd.resizer.queue.WorkQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import reactor.core.scheduler.Schedulers;

/** Completion notifications for tests that take none: every URL refused. */
final class WebhooksTesting {

    private WebhooksTesting() {
    }

    static JobWebhooks off(JobLedger ledger, WorkQueue queue) {
        return new JobWebhooks(ledger, queue, new WebhookPolicy(List.of(), false, Schedulers.boundedElastic()), null,
                new WebhookSender(Duration.ofSeconds(1)), Clock.systemUTC(), 1, Duration.ofMillis(10), o -> { });
    }
}
