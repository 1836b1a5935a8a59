package dev.thumbd.resizer.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.resizer.events.JobQueueRoom;
import dev.thumbd.resizer.events.SqsEventConsumer;
import dev.thumbd.resizer.events.SqsEventMeters;
import dev.thumbd.resizer.events.SqsMessageDecoder;
import dev.thumbd.resizer.jobs.BucketEvents;
import dev.thumbd.resizer.events.SqsEventMeters.Outcome;
import dev.thumbd.resizer.jobs.JobMeters;
import dev.thumbd.resizer.pipeline.SharedDecodes;
import dev.thumbd.resizer.queue.WorkQueue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bucket events from a real SQS server (ElasticMQ, in this JVM on a free port) through the resizer's SQS consumer:
 * an S3 Put event renders the eager set into the cache levels (the first request is an L1 hit), the test event is
 * ignored and deleted, a duplicate or older record renders nothing again, the SNS envelope is unwrapped, poison is
 * left for the queue's redrive policy (it ends in the dead-letter queue), and a consumer whose job queue is at its
 * watermark stops receiving and leaves the rest in SQS, and failed receives are counted without stopping it.
 */
class SqsBucketEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    static Path dir;
    private static SQSRestServer sqsServer;
    private static SqsAsyncClient sqs;
    private static String events;
    private static String dlq;
    private static String throttled;
    private static ResizerServer server;
    private static ResizerServer intakeOnly;
    private static String tight;
    private static ResizerServer tightServer;

    @BeforeAll
    static void start() {
        sqsServer = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
        int port = sqsServer.waitUntilStarted().localAddress().getPort();
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        // the resizer takes the SDK's default credentials chain; system properties are its first link
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        sqs = SqsAsyncClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
        dlq = sqs.createQueue(b -> b.queueName("events-dead")).join().queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN))
                .join().attributes().get(QueueAttributeName.QUEUE_ARN);
        events = sqs.createQueue(b -> b.queueName("events").attributes(Map.of(QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"2\"}"))).join().queueUrl();
        throttled = sqs.createQueue(b -> b.queueName("throttled")).join().queueUrl();
        tight = sqs.createQueue(b -> b.queueName("tight")).join().queueUrl();

        Map<String, Object> common = Map.of(
                "thumbd.events.sqs.region", "us-east-1",
                "thumbd.events.sqs.endpoint", endpoint.toString(),
                "thumbd.events.sqs.wait-time", "1s",
                "thumbd.events.sqs.visibility-timeout", "2s",
                "thumbd.events.sqs.handle-timeout", "1500ms",
                "thumbd.events.sqs.backoff", "200ms",
                "thumbd.events.sqs.max-message-bytes", "4096");
        Map<String, Object> p = new HashMap<>(common);
        p.putAll(Map.of(
                "thumbd.store.root", dir.resolve("data").toString(),
                "thumbd.cache.disk.dir", dir.resolve("cache").toString(),
                "thumbd.jobs.variant-sets.thumbs", "widths=64,128&formats=webp,jpeg&fit=cover&h=64",
                "thumbd.jobs.eager-by-prefix.sqs/", "thumbs",
                "thumbd.events.sqs.queue-url", events));
        server = ResizerServer.start(p);
        for (String key : List.of("sqs/a.jpg", "sqs/b.jpg", "sqs/c.jpg")) {
            server.seed(key, "photo-600x450.jpg");
        }

        // takes jobs in and renders none: its queue only fills (10 entries at most, the watermark at 8)
        Map<String, Object> q = new HashMap<>(common);
        q.putAll(Map.of(
                "thumbd.store.root", dir.resolve("data2").toString(),
                "thumbd.cache.disk.dir", dir.resolve("cache2").toString(),
                "thumbd.jobs.enabled", "false",
                "thumbd.jobs.max-depth", "10",
                "thumbd.jobs.variant-sets.pair", "widths=64&formats=webp,jpeg",
                "thumbd.jobs.events-variant-set", "pair",
                "thumbd.events.sqs.queue-url", throttled));
        intakeOnly = ResizerServer.start(q);
        for (int i = 0; i < 5; i++) {
            intakeOnly.seed("t/" + i + ".jpg", "photo-600x450.jpg");
        }

        // renders none either, room for 4 entries and no watermark below that
        Map<String, Object> t = new HashMap<>(common);
        t.putAll(Map.of(
                "thumbd.store.root", dir.resolve("data3").toString(),
                "thumbd.cache.disk.dir", dir.resolve("cache3").toString(),
                "thumbd.jobs.enabled", "false",
                "thumbd.jobs.max-depth", "4",
                "thumbd.jobs.variant-sets.pair", "widths=64&formats=webp,jpeg",
                "thumbd.jobs.events-variant-set", "pair",
                "thumbd.events.sqs.watermark", "1.0",
                "thumbd.events.sqs.queue-url", tight));
        tightServer = ResizerServer.start(t);
        for (int i = 0; i < 3; i++) {
            tightServer.seed("u/" + i + ".jpg", "photo-600x450.jpg");
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (intakeOnly != null) {
            intakeOnly.close();
        }
        if (tightServer != null) {
            tightServer.close();
        }
        if (sqs != null) {
            sqs.close();
        }
        if (sqsServer != null) {
            sqsServer.stopAndWait();
        }
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    private static String event(String name, String key, String sequencer) {
        return "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"awsRegion\":\"us-east-1\","
                + "\"eventName\":\"" + name + "\",\"s3\":{\"s3SchemaVersion\":\"1.0\",\"bucket\":{\"name\":\"thumbd\","
                + "\"arn\":\"arn:aws:s3:::thumbd\"},\"object\":{\"key\":\"" + key + "\",\"size\":1,\"eTag\":\"x\","
                + "\"sequencer\":\"" + sequencer + "\"}}}]}";
    }

    private static void send(String queue, String body) {
        sqs.sendMessage(b -> b.queueUrl(queue).messageBody(body)).join();
    }

    /** Messages in the queue, visible or received and not deleted. */
    private static int inQueue(String queue) {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(queue).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).join().attributes();
        return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    /** The test's own wait for a condition (no timing is asserted): fails only when it never holds. */
    private static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static long depth(ResizerServer s) {
        return s.bean(WorkQueue.class).stats().block(WAIT).depth();
    }

    private static long rendered(ResizerServer s) {
        return (long) s.bean(MeterRegistry.class).counter(JobMeters.RENDERS, "outcome", "done").count();
    }

    private static List<String> thumbs(String key) {
        return List.of(64, 128).stream().flatMap(w -> List.of("webp", "jpeg").stream().map(fmt -> "/v1/resize?src="
                + key + "&w=" + w + "&h=" + (w == 64 ? 64 : 128) + "&fit=cover&fmt=" + fmt)).toList();
    }

    /** Waits until the consumer has deleted every message and the background renders are done. */
    private static void drained() throws InterruptedException {
        until("the queue drained", () -> inQueue(events) == 0 && depth(server) == 0);
    }

    @Test
    void aPutEventRendersTheEagerSetSoThatTheFirstRequestIsAnL1Hit() throws Exception {
        SqsEventMeters meters = server.bean(SqsEventMeters.class);
        long accepted = meters.count(Outcome.ACCEPTED);
        long rendered = rendered(server);
        send(events, event("ObjectCreated:Put", "sqs%2Fa.jpg", "0055AED6DCD90281E5"));
        until("the message accepted", () -> meters.count(Outcome.ACCEPTED) == accepted + 1);
        drained();
        until("the set rendered", () -> rendered(server) == rendered + 4);

        SharedDecodes decodes = server.bean(SharedDecodes.class);
        long before = decodes.decodes();
        for (String url : thumbs("sqs/a.jpg")) {
            HttpResponse<byte[]> hit = server.get(url);
            assertThat(hit.statusCode()).as(url).isEqualTo(200);
            assertThat(ResizerHttpContract.header(hit, "Server-Timing")).as(url).startsWith("cache;desc=l1");
        }
        assertThat(decodes.decodes()).as("decodes for the first requests").isEqualTo(before);
    }

    @Test
    void theTestEventIsIgnoredAndDeleted() throws Exception {
        SqsEventMeters meters = server.bean(SqsEventMeters.class);
        long ignored = meters.count(Outcome.IGNORED);
        send(events, "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Time\":\"2026-12-03T10:00:00.000Z\","
                + "\"Bucket\":\"thumbd\",\"RequestId\":\"5582815E1AEA5ADF\",\"HostId\":\"8cLeGAmw\"}");
        until("the test event ignored", () -> meters.count(Outcome.IGNORED) == ignored + 1);
        drained();
    }

    @Test
    void aDuplicateOrAnOlderRecordRendersNothingAgain() throws Exception {
        SqsEventMeters meters = server.bean(SqsEventMeters.class);
        long accepted = meters.count(Outcome.ACCEPTED);
        long ignored = meters.count(Outcome.IGNORED);
        long rendered = rendered(server);
        // the newer record arrives first
        send(events, event("ObjectCreated:Put", "sqs/b.jpg", "0055AED6DCD90281F7"));
        until("the message accepted", () -> meters.count(Outcome.ACCEPTED) == accepted + 1);
        drained();
        until("the set rendered", () -> rendered(server) == rendered + 4);
        long decodes = server.bean(SharedDecodes.class).decodes();

        // the same message again (SQS delivers at least once), and the older record late (left-padded sequencer)
        send(events, event("ObjectCreated:Put", "sqs/b.jpg", "0055AED6DCD90281F7"));
        send(events, event("ObjectCreated:Put", "sqs/b.jpg", "55AED6DCD90281F6"));
        until("both ignored", () -> meters.count(Outcome.IGNORED) == ignored + 2);
        drained();
        assertThat(meters.count(Outcome.ACCEPTED)).isEqualTo(accepted + 1);
        assertThat(rendered(server)).isEqualTo(rendered + 4);
        assertThat(server.bean(SharedDecodes.class).decodes()).isEqualTo(decodes);
        HttpResponse<byte[]> hit = server.get(thumbs("sqs/b.jpg").getFirst());
        assertThat(ResizerHttpContract.header(hit, "Server-Timing")).startsWith("cache;desc=l1");
    }

    @Test
    void theNotificationInsideAnSnsEnvelopeIsHandled() throws Exception {
        SqsEventMeters meters = server.bean(SqsEventMeters.class);
        long accepted = meters.count(Outcome.ACCEPTED);
        long rendered = rendered(server);
        String inner = event("ObjectCreated:CompleteMultipartUpload", "sqs/c.jpg", "0A").replace("\"", "\\\"");
        send(events, "{\"Type\":\"Notification\",\"MessageId\":\"6f0f7b1c\",\"TopicArn\":\"arn:aws:sns:us-east-1:1:t\","
                + "\"Subject\":\"Amazon S3 Notification\",\"Message\":\"" + inner + "\",\"Timestamp\":\"2026-12-03T10:"
                + "00:00.000Z\",\"SignatureVersion\":\"1\"}");
        until("the message accepted", () -> meters.count(Outcome.ACCEPTED) == accepted + 1);
        drained();
        until("the set rendered", () -> rendered(server) == rendered + 4);
    }

    @Test
    void poisonIsCountedAndLeftForTheRedrivePolicy() throws Exception {
        SqsEventMeters meters = server.bean(SqsEventMeters.class);
        long poison = meters.count(Outcome.POISON);
        List<String> bad = List.of("not json {", "{\"Records\":{}}", "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\"}]}",
                "{\"Records\":[\"" + "x".repeat(5000) + "\"]}",
                event("ObjectCreated:Put", "sqs%2F..%2F..%2Fetc%2Fpasswd", "01"));
        for (String body : bad) {
            send(events, body);
        }
        // each delivery is counted; after its second one SQS moves it to the dead-letter queue
        until("every poison message in the dead letters", () -> inQueue(dlq) == bad.size());
        assertThat(meters.count(Outcome.POISON)).isGreaterThanOrEqualTo(poison + bad.size());
        List<Message> dead = sqs.receiveMessage(b -> b.queueUrl(dlq).maxNumberOfMessages(10)).join().messages();
        assertThat(dead.stream().map(Message::body).collect(Collectors.toSet())).containsExactlyInAnyOrderElementsOf(bad);
        drained();
        // the consumer goes on
        long ignored = meters.count(Outcome.IGNORED);
        send(events, "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\"}");
        until("a later message handled", () -> meters.count(Outcome.IGNORED) == ignored + 1);
    }

    @Test
    void aConsumerWhoseJobQueueIsAtItsWatermarkStopsReceiving() throws Exception {
        SqsEventMeters meters = intakeOnly.bean(SqsEventMeters.class);
        for (int i = 0; i < 5; i++) {
            send(throttled, event("ObjectCreated:Put", "t/" + i + ".jpg", "0" + i));
        }
        // 2 renders a message, room for 8: four messages, then no receive while nothing is rendered
        until("four messages accepted", () -> meters.count(Outcome.ACCEPTED) == 4);
        long throttles = meters.throttledCount();
        until("receives held back", () -> meters.throttledCount() >= throttles + 3);
        assertThat(meters.received()).isEqualTo(4);
        assertThat(depth(intakeOnly)).isEqualTo(8);
        // the fifth is still in SQS, visible, and was never received
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(throttled).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).join().attributes();
        assertThat(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).isEqualTo("1");
        assertThat(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).isEqualTo("0");
    }

    @Test
    void aMessageTheJobQueueCannotTakeWholeStaysInSqs() throws Exception {
        SqsEventMeters meters = tightServer.bean(SqsEventMeters.class);
        // one message, three records of 2 renders each: room for it (2 renders) by the estimate, not for all of it
        String records = String.join(",", List.of(0, 1, 2).stream().map(i -> event("ObjectCreated:Put",
                "u/" + i + ".jpg", "0" + i)).map(e -> e.substring("{\"Records\":[".length(), e.length() - 2)).toList());
        send(tight, "{\"Records\":[" + records + "]}");
        until("the message refused by the full queue", () -> meters.count(Outcome.RETRY) >= 1);
        long throttles = meters.throttledCount();
        until("receives held back", () -> meters.throttledCount() >= throttles + 3);
        assertThat(depth(tightServer)).as("the first two records' jobs").isEqualTo(4);
        assertThat(meters.count(Outcome.ACCEPTED)).isZero();
        assertThat(inQueue(tight)).as("the message is not deleted").isEqualTo(1);
    }

    @Test
    void failedReceivesAreCountedAndTheConsumerGoesOnOnceTheQueueAnswers() throws Exception {
        String late = events.substring(0, events.lastIndexOf('/') + 1) + "late";
        SqsEventMeters meters = new SqsEventMeters(new SimpleMeterRegistry());
        SqsEventConsumer.Settings settings = new SqsEventConsumer.Settings(late, Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(100));
        try (SqsEventConsumer consumer = new SqsEventConsumer(sqs, new SqsMessageDecoder(JsonMapper.builder().build(),
                4096), server.bean(BucketEvents.class), new JobQueueRoom(server.bean(WorkQueue.class), 100, 0.8, 4,
                WAIT), meters, settings).start()) {
            // the queue does not exist yet: every receive fails, and the consumer keeps trying
            until("receives failed", () -> meters.receiveErrorCount() >= 3);
            assertThat(meters.received()).isZero();
            String created = sqs.createQueue(b -> b.queueName("late")).join().queueUrl();
            assertThat(created).isEqualTo(late);
            send(late, "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\"}");
            until("the test event handled", () -> meters.count(Outcome.IGNORED) == 1);
            until("and deleted", () -> inQueue(late) == 0);
        }
    }
}
