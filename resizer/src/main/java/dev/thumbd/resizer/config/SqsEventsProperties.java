package dev.thumbd.resizer.config;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code thumbd.events.sqs.*}: S3 event notifications consumed from an SQS queue; off while {@code queue-url} is
 * empty. Credentials come from the AWS SDK's default chain (environment, system properties, profile, container or
 * instance role). docs/JOBS.md "AWS S3 and SQS".
 *
 * @param queueUrl          the queue's URL; empty (default): no consumer
 * @param region            the queue's region
 * @param endpoint          endpoint override (an SQS-compatible server, a VPC endpoint); empty for AWS's
 * @param waitTime          long-poll wait of a receive (WaitTimeSeconds, at most 20 s)
 * @param visibilityTimeout how long a received message is hidden from other consumers
 * @param handleTimeout     the longest one message's records are handled; must be shorter than the visibility
 * @param backoff           the wait while the job queue is at its watermark, after a full queue or a failed call
 * @param watermark         the fraction of {@code thumbd.jobs.max-depth} past which no message is received
 * @param maxMessageBytes   the largest message body read; a larger one is poison
 */
@ConfigurationProperties("thumbd.events.sqs")
public record SqsEventsProperties(@DefaultValue("") String queueUrl, @DefaultValue("us-east-1") String region,
        @Nullable URI endpoint, @DefaultValue("20s") Duration waitTime, @DefaultValue("60s") Duration visibilityTimeout,
        @DefaultValue("30s") Duration handleTimeout, @DefaultValue("10s") Duration backoff,
        @DefaultValue("0.8") double watermark, @DefaultValue("262144") int maxMessageBytes) {
}
