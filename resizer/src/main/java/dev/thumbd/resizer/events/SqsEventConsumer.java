package dev.thumbd.resizer.events;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.jobs.BucketEvents;
import dev.thumbd.spec.InvalidParameterException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Consumes S3 event notifications from an SQS queue into {@link BucketEvents}, on one virtual thread of its own
 * (never an event loop). Each turn asks {@link JobQueueRoom} how many messages the job queue has room for; with none
 * it receives nothing and waits {@code backoff} (the queue at its watermark throttles intake; nothing is dropped:
 * unreceived messages stay in SQS). Otherwise one long-poll receive ({@code WaitTimeSeconds}) for at most that many,
 * then per message:
 * <ul>
 *   <li>a test event, or records all ignored (duplicates, older sequencers, thumbd's own writes): deleted;</li>
 *   <li>records handled (derivatives purged, eager sets queued in the durable job queue): deleted, only then;</li>
 *   <li>the job queue full after all: the message and the rest of the batch are made visible again after
 *       {@code backoff}, and the consumer waits before receiving again;</li>
 *   <li>any other failure (store, timeout after {@code handleTimeout}): left as it is, SQS delivers it again when its
 *       visibility timeout ends (which must be longer than {@code handleTimeout});</li>
 *   <li>poison (too large, not JSON, not a notification, a key that is not a storage key): counted, logged and NOT
 *       deleted, so that the queue's redrive policy moves it to a dead-letter queue after its
 *       {@code maxReceiveCount}.</li>
 * </ul>
 * Failed SQS calls are counted and followed by {@code backoff}; the consumer never stops before {@link #close()}.
 */
public final class SqsEventConsumer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SqsEventConsumer.class);

    /**
     * @param queueUrl          the queue's URL
     * @param waitTime          long-poll wait of a receive (SQS: at most 20 s)
     * @param visibilityTimeout how long a received message stays invisible to other consumers
     * @param handleTimeout     the longest the records of one message are handled before it is left for redelivery
     * @param backoff           the wait after a throttled turn, a full queue or a failed call
     */
    public record Settings(String queueUrl, Duration waitTime, Duration visibilityTimeout, Duration handleTimeout,
            Duration backoff) {

        public Settings {
            if (waitTime.isNegative() || waitTime.toSeconds() > 20) {
                throw new IllegalArgumentException("thumbd.events.sqs.wait-time: 0 to 20 s, not " + waitTime);
            }
            if (handleTimeout.compareTo(visibilityTimeout) >= 0) {
                throw new IllegalArgumentException("thumbd.events.sqs.handle-timeout (" + handleTimeout
                        + ") must be shorter than thumbd.events.sqs.visibility-timeout (" + visibilityTimeout + ")");
            }
        }
    }

    private final SqsAsyncClient sqs;
    private final SqsMessageDecoder decoder;
    private final BucketEvents events;
    private final JobQueueRoom room;
    private final SqsEventMeters meters;
    private final Settings settings;
    private volatile boolean running;
    private volatile @Nullable Thread thread;

    public SqsEventConsumer(SqsAsyncClient sqs, SqsMessageDecoder decoder, BucketEvents events, JobQueueRoom room,
            SqsEventMeters meters, Settings settings) {
        this.sqs = sqs;
        this.decoder = decoder;
        this.events = events;
        this.room = room;
        this.meters = meters;
        this.settings = settings;
    }

    /** Starts the consumer's thread. */
    public SqsEventConsumer start() {
        running = true;
        thread = Thread.ofVirtual().name("thumbd-sqs-events").start(this::run);
        return this;
    }

    private void run() {
        while (running) {
            try {
                turn();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warn("SQS consumer: {}", e.toString());
                pause();
            }
        }
    }

    /** One receive and its messages; an exception leaves the consumer to back off. */
    private void turn() throws InterruptedException {
        int n = room.messages();
        if (n == 0) {
            meters.throttled();
            sleep(settings.backoff());
            return;
        }
        List<Message> batch;
        try {
            batch = call(sqs.receiveMessage(b -> b.queueUrl(settings.queueUrl()).maxNumberOfMessages(n)
                    .waitTimeSeconds((int) settings.waitTime().toSeconds())
                    .visibilityTimeout((int) settings.visibilityTimeout().toSeconds())
                    .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))).messages();
        } catch (SqsCallException e) {
            meters.receiveError();
            LOG.warn("SQS receive from {} failed: {}", settings.queueUrl(), e.getCause().toString());
            sleep(settings.backoff());
            return;
        }
        meters.received(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            if (!handle(batch.get(i))) {
                // the job queue is full: what is left of the batch comes back after the back-off, unhandled
                for (Message rest : batch.subList(i, batch.size())) {
                    release(rest);
                    if (rest != batch.get(i)) {
                        meters.outcome(SqsEventMeters.Outcome.RETRY);
                    }
                }
                sleep(settings.backoff());
                return;
            }
        }
    }

    /** Handles one message; false when the job queue was full (the message is not handled and not deleted). */
    private boolean handle(Message m) throws InterruptedException {
        SqsMessageDecoder.Decoded decoded = decoder.decode(m.body());
        switch (decoded) {
            case SqsMessageDecoder.Poison p -> poison(m, p.reason());
            case SqsMessageDecoder.Test t -> {
                meters.outcome(SqsEventMeters.Outcome.IGNORED);
                delete(m);
            }
            case SqsMessageDecoder.Records r -> {
                BucketEvents.Outcome o;
                try {
                    o = events.handle(r.records()).block(settings.handleTimeout());
                } catch (InvalidParameterException e) {
                    poison(m, e.getMessage());
                    return true;
                } catch (ProblemException e) {
                    meters.outcome(SqsEventMeters.Outcome.RETRY);
                    if (e.type() == ProblemType.QUEUE_FULL) {
                        LOG.info("SQS message {} waits: {}", m.messageId(), e.getMessage());
                        return false;
                    }
                    LOG.warn("SQS message {} left for redelivery: {}", m.messageId(), e.getMessage());
                    return true;
                } catch (RuntimeException e) {
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                    meters.outcome(SqsEventMeters.Outcome.RETRY);
                    LOG.warn("SQS message {} left for redelivery: {}", m.messageId(), e.toString());
                    return true;
                }
                meters.outcome(o != null && o.created() + o.removed() > 0 ? SqsEventMeters.Outcome.ACCEPTED
                        : SqsEventMeters.Outcome.IGNORED);
                delete(m);
            }
        }
        return true;
    }

    private void poison(Message m, String reason) {
        meters.outcome(SqsEventMeters.Outcome.POISON);
        LOG.warn("SQS message {} (received {} times) is not an S3 event notification, left for the queue's redrive "
                + "policy: {}", m.messageId(), m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT),
                reason);
    }

    private void delete(Message m) throws InterruptedException {
        try {
            call(sqs.deleteMessage(b -> b.queueUrl(settings.queueUrl()).receiptHandle(m.receiptHandle())));
        } catch (SqsCallException e) {
            // delivered again later; its records are then recognised by their sequencers
            meters.deleteError();
            LOG.warn("SQS delete of {} failed: {}", m.messageId(), e.getCause().toString());
        }
    }

    /** Makes a message visible again after the back-off (a later receive takes it). */
    private void release(Message m) throws InterruptedException {
        try {
            call(sqs.changeMessageVisibility(b -> b.queueUrl(settings.queueUrl()).receiptHandle(m.receiptHandle())
                    .visibilityTimeout((int) Math.max(0, settings.backoff().toSeconds()))));
        } catch (SqsCallException e) {
            // it comes back when its visibility timeout ends instead
            meters.visibilityError();
            LOG.warn("SQS visibility change of {} failed: {}", m.messageId(), e.getCause().toString());
        }
    }

    private static <T> T call(CompletableFuture<T> future) throws InterruptedException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw new SqsCallException(e.getCause());
        }
    }

    /** A failed SQS call. */
    private static final class SqsCallException extends RuntimeException {
        SqsCallException(Throwable cause) {
            super(cause);
        }
    }

    private void pause() {
        try {
            sleep(settings.backoff());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(Duration d) throws InterruptedException {
        Thread.sleep(d);
    }

    /** Stops receiving (an open long poll is cancelled; a message being handled is left for redelivery). */
    @Override
    public void close() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
