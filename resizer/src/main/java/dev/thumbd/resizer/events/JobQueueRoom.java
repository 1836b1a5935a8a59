package dev.thumbd.resizer.events;

import dev.thumbd.resizer.queue.WorkQueue;
import java.time.Duration;

/**
 * How many bucket-event messages the job queue has room for now: the queue is filled up to a watermark (a fraction
 * of {@code thumbd.jobs.max-depth}, 0.8 by default) and each message may queue up to {@code variantsPerMessage}
 * renders (its record's eager set), so a receive asks for at most {@code (watermark - depth) / variantsPerMessage}
 * messages, never more than SQS's 10; none means: do not receive now.
 */
public final class JobQueueRoom {

    /** The most messages one SQS receive returns. */
    static final int SQS_MAX_MESSAGES = 10;

    private final WorkQueue queue;
    private final long watermark;
    private final int variantsPerMessage;
    private final Duration timeout;

    /**
     * @param maxDepth           the job queue's limit ({@code thumbd.jobs.max-depth})
     * @param watermark          the fraction of it the consumer fills up to, in (0, 1]
     * @param variantsPerMessage the renders one message may queue (the largest variant set), at least 1
     */
    public JobQueueRoom(WorkQueue queue, long maxDepth, double watermark, int variantsPerMessage, Duration timeout) {
        if (!(watermark > 0 && watermark <= 1)) {
            throw new IllegalArgumentException("thumbd.events.sqs.watermark: in (0, 1], not " + watermark);
        }
        this.queue = queue;
        this.watermark = (long) Math.floor(maxDepth * watermark);
        this.variantsPerMessage = Math.max(1, variantsPerMessage);
        this.timeout = timeout;
    }

    /** Messages to receive now, 0 to {@value #SQS_MAX_MESSAGES}; blocks on the queue's stats (not on an event loop). */
    public int messages() {
        WorkQueue.QueueStats stats = queue.stats().block(timeout);
        long depth = stats == null ? Long.MAX_VALUE : stats.depth();
        long room = Math.max(0, watermark - depth) / variantsPerMessage;
        return (int) Math.min(SQS_MAX_MESSAGES, room);
    }
}
