package dev.thumbd.resizer.config;

import dev.thumbd.resizer.events.JobQueueRoom;
import dev.thumbd.resizer.events.SqsEventConsumer;
import dev.thumbd.resizer.events.SqsEventMeters;
import dev.thumbd.resizer.events.SqsMessageDecoder;
import dev.thumbd.resizer.jobs.BucketEvents;
import dev.thumbd.resizer.jobs.JobIntake;
import dev.thumbd.resizer.queue.WorkQueue;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClientBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SQS consumer of bucket events, only when {@code thumbd.events.sqs.queue-url} is set; its meters always (at zero
 * without a consumer, so that dashboards and alert rules find them on every resizer).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SqsEventsProperties.class)
class SqsEventsConfiguration {

    private static final String CONSUMING = "!'${thumbd.events.sqs.queue-url:}'.isEmpty()";

    private static final Logger LOG = LoggerFactory.getLogger(SqsEventsConfiguration.class);

    @Bean(destroyMethod = "close")
    @ConditionalOnExpression(CONSUMING)
    SqsAsyncClient sqsAsyncClient(SqsEventsProperties sqs) {
        SqsAsyncClientBuilder b = SqsAsyncClient.builder().region(Region.of(sqs.region()))
                // a long poll holds the connection for up to `wait-time`: read a while longer than that
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().readTimeout(sqs.waitTime().plusSeconds(10)));
        if (sqs.endpoint() != null) {
            b.endpointOverride(sqs.endpoint());
        }
        return b.build();
    }

    @Bean
    SqsEventMeters sqsEventMeters(MeterRegistry registry) {
        return new SqsEventMeters(registry);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnExpression(CONSUMING)
    SqsEventConsumer sqsEventConsumer(SqsEventsProperties sqs, ThumbdProperties properties, SqsAsyncClient client,
            BucketEvents events, WorkQueue queue, JobIntake intake, SqsEventMeters meters) {
        int perMessage = properties.jobs().variantSets().keySet().stream()
                .mapToInt(name -> intake.set("thumbd.jobs.variant-sets", name).size()).max().orElse(1);
        JobQueueRoom room = new JobQueueRoom(queue, properties.jobs().maxDepth(), sqs.watermark(), perMessage,
                Duration.ofSeconds(10));
        SqsEventConsumer.Settings settings = new SqsEventConsumer.Settings(sqs.queueUrl(), sqs.waitTime(),
                sqs.visibilityTimeout(), sqs.handleTimeout(), sqs.backoff());
        LOG.info("bucket events: consuming SQS queue {} (region {}, endpoint {}), up to {} of {} queued renders",
                sqs.queueUrl(), sqs.region(), sqs.endpoint() == null ? "AWS" : sqs.endpoint(), sqs.watermark(),
                properties.jobs().maxDepth());
        return new SqsEventConsumer(client, new SqsMessageDecoder(JsonMapper.builder().build(),
                sqs.maxMessageBytes()), events, room, meters, settings).start();
    }
}
