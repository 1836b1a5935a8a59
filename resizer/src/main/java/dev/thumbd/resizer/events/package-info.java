/**
 * Bucket events from an SQS queue: {@link dev.thumbd.resizer.events.SqsEventConsumer} receives S3 event notifications
 * (directly or in an SNS envelope, read by {@link dev.thumbd.resizer.events.SqsMessageDecoder}) only as the job queue
 * has room ({@link dev.thumbd.resizer.events.JobQueueRoom}), hands the records to the same
 * {@link dev.thumbd.resizer.jobs.BucketEvents} as {@code POST /v1/events}, and deletes a message only once they are
 * handled. docs/JOBS.md "AWS S3 and SQS".
 */
@NullMarked
package dev.thumbd.resizer.events;

import org.jspecify.annotations.NullMarked;
