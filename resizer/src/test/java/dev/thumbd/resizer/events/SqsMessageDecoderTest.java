package dev.thumbd.resizer.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.resizer.events.SqsMessageDecoder.Decoded;
import dev.thumbd.resizer.events.SqsMessageDecoder.Poison;
import dev.thumbd.resizer.events.SqsMessageDecoder.Records;
import dev.thumbd.resizer.events.SqsMessageDecoder.Test;
import dev.thumbd.resizer.jobs.BucketEvents;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/** Message bodies: S3 -> SQS, S3 -> SNS -> SQS, S3's test event (both ways), and poison of every kind. */
class SqsMessageDecoderTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final SqsMessageDecoder decoder = new SqsMessageDecoder(JSON, 1024);

    private static final String PUT = "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\","
            + "\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"photos\"},"
            + "\"object\":{\"key\":\"a/b+c.jpg\",\"size\":1,\"sequencer\":\"0A1B\"}}},"
            + "{\"eventName\":\"ObjectRemoved:Delete\",\"s3\":{\"object\":{\"key\":\"d.jpg\"}}}]}";

    private static String sns(String message) {
        return "{\"Type\":\"Notification\",\"MessageId\":\"1\",\"TopicArn\":\"arn:aws:sns:eu-west-1:1:t\","
                + "\"Message\":" + JSON.writeValueAsString(message) + "}";
    }

    @org.junit.jupiter.api.Test
    void readsTheRecordsOfANotificationAsIsAndInsideAnSnsEnvelope() {
        List<BucketEvents.Record> expected = List.of(
                new BucketEvents.Record("ObjectCreated:Put", "photos", "a/b+c.jpg", "0A1B"),
                new BucketEvents.Record("ObjectRemoved:Delete", null, "d.jpg", null));
        assertThat(decoder.decode(PUT)).isEqualTo(new Records(expected));
        assertThat(decoder.decode(sns(PUT))).isEqualTo(new Records(expected));
    }

    @org.junit.jupiter.api.Test
    void theTestEventIsATestEitherWay() {
        String test = "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Bucket\":\"photos\"}";
        assertThat(decoder.decode(test)).isInstanceOf(Test.class);
        assertThat(decoder.decode(sns(test))).isInstanceOf(Test.class);
    }

    @org.junit.jupiter.api.Test
    void anythingElseIsPoisonWithItsReason() {
        assertThat(reason(decoder.decode("{\"Records\":"))).startsWith("not JSON");
        assertThat(reason(decoder.decode(""))).startsWith("not");
        assertThat(reason(decoder.decode("[1,2]"))).startsWith("not an S3 event notification");
        assertThat(reason(decoder.decode("{\"Records\":[]}"))).startsWith("not an S3 event notification");
        assertThat(reason(decoder.decode("{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{}}]}")))
                .contains("no s3.object.key");
        assertThat(reason(decoder.decode(sns("not json")))).startsWith("not JSON");
        // an SNS notification about something else
        assertThat(reason(decoder.decode(sns("{\"hello\":1}")))).startsWith("not an S3 event notification");
    }

    @org.junit.jupiter.api.Test
    void aBodyOverTheLimitIsPoisonCountedInUtf8Bytes() {
        assertThat(reason(decoder.decode("{\"Records\":[\"" + "x".repeat(1100) + "\"]}"))).contains("1024 bytes");
        // 400 chars, 1,200 bytes: refused before it is parsed
        assertThat(reason(decoder.decode("{\"Records\":[\"" + "€".repeat(400) + "\"]}"))).contains("1024 bytes");
        // under the limit in bytes: parsed (and refused for its shape, not its size)
        assertThat(reason(decoder.decode("{\"Records\":[\"" + "€".repeat(300) + "\"]}")))
                .startsWith("not an S3 event notification");
    }

    private static String reason(Decoded d) {
        assertThat(d).isInstanceOf(Poison.class);
        return ((Poison) d).reason();
    }
}
