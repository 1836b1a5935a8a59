/**
 * The queue of background renders: the {@link dev.thumbd.resizer.queue.WorkQueue} port, its two engines (Redis
 * Streams with a consumer group; an in-process queue with an fsync'd journal) and {@link
 * dev.thumbd.resizer.queue.Deliveries}, which reads a queue as demand asks.
 */
@NullMarked
package dev.thumbd.resizer.queue;

import org.jspecify.annotations.NullMarked;
