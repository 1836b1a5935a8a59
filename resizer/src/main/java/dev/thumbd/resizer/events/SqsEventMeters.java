package dev.thumbd.resizer.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The SQS consumer's meters: {@code thumbd_events_sqs_received_total} (messages received),
 * {@code thumbd_events_sqs_messages_total{outcome}} (what each came to: {@code accepted}, {@code ignored},
 * {@code poison}, {@code retry}), {@code thumbd_events_sqs_errors_total{operation}} (failed SQS calls:
 * {@code receive}, {@code delete}, {@code visibility}) and {@code thumbd_events_sqs_throttled_total} (receives held
 * back because the job queue was at its watermark).
 */
public final class SqsEventMeters {

    /** What a message came to. */
    public enum Outcome {
        /** its records were handled (purged, jobs queued) and the message deleted */
        ACCEPTED,
        /** a test event, or only records already handled or not about originals; deleted */
        IGNORED,
        /** not a notification; left for SQS's redrive policy */
        POISON,
        /** not handled now (queue full, store error); left for a later delivery */
        RETRY
    }

    private final Counter received;
    private final Counter[] outcomes;
    private final Counter receiveErrors;
    private final Counter deleteErrors;
    private final Counter visibilityErrors;
    private final Counter throttled;

    public SqsEventMeters(MeterRegistry registry) {
        received = Counter.builder("thumbd.events.sqs.received").description("SQS messages received")
                .register(registry);
        outcomes = new Counter[Outcome.values().length];
        for (Outcome o : Outcome.values()) {
            outcomes[o.ordinal()] = Counter.builder("thumbd.events.sqs.messages")
                    .description("SQS messages by what they came to").tag("outcome", o.name().toLowerCase(java.util.Locale.ROOT))
                    .register(registry);
        }
        receiveErrors = error(registry, "receive");
        deleteErrors = error(registry, "delete");
        visibilityErrors = error(registry, "visibility");
        throttled = Counter.builder("thumbd.events.sqs.throttled")
                .description("receives held back while the job queue was at its watermark").register(registry);
    }

    private static Counter error(MeterRegistry registry, String operation) {
        return Counter.builder("thumbd.events.sqs.errors").description("failed SQS calls")
                .tag("operation", operation).register(registry);
    }

    void received(int n) {
        received.increment(n);
    }

    void outcome(Outcome o) {
        outcomes[o.ordinal()].increment();
    }

    void receiveError() {
        receiveErrors.increment();
    }

    void deleteError() {
        deleteErrors.increment();
    }

    void visibilityError() {
        visibilityErrors.increment();
    }

    void throttled() {
        throttled.increment();
    }

    public long received() {
        return (long) received.count();
    }

    public long count(Outcome o) {
        return (long) outcomes[o.ordinal()].count();
    }

    public long receiveErrorCount() {
        return (long) receiveErrors.count();
    }

    public long throttledCount() {
        return (long) throttled.count();
    }
}
