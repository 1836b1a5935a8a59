package dev.thumbd.resizer.events;

import dev.thumbd.resizer.jobs.BucketEvents;
import dev.thumbd.resizer.jobs.S3EventNotifications;
import dev.thumbd.spec.InvalidParameterException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body of one SQS message as bucket events: the S3 notification itself (S3 -> SQS), or the same inside the
 * {@code Message} field of an SNS envelope (S3 -> SNS -> SQS fan-out). The notification is read by
 * {@link S3EventNotifications}, as {@code POST /v1/events} reads it. A body over {@code maxBytes} is refused before
 * it is parsed; anything that is not a notification is {@link Poison}, with the reason.
 */
public final class SqsMessageDecoder {

    /** What a message body came to. */
    public sealed interface Decoded permits Test, Records, Poison {
    }

    /** S3's {@code s3:TestEvent}: nothing to do. */
    public record Test() implements Decoded {
    }

    /** Bucket event records to handle. */
    public record Records(List<BucketEvents.Record> records) implements Decoded {
    }

    /** Not a notification (too large, not JSON, wrong shape); the reason is for the log. */
    public record Poison(String reason) implements Decoded {
    }

    private final JsonMapper json;
    private final int maxBytes;

    /** @param maxBytes the largest body read (UTF-8 bytes); SQS itself allows up to 1 MiB */
    public SqsMessageDecoder(JsonMapper json, int maxBytes) {
        this.json = json;
        this.maxBytes = maxBytes;
    }

    public Decoded decode(String body) {
        // a UTF-8 byte is at least a char: the length bounds the cost before anything is encoded or parsed
        if (body.length() > maxBytes || body.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            return new Poison("a body of more than " + maxBytes + " bytes");
        }
        try {
            JsonNode node = json.readTree(body);
            if (node.isObject() && "Notification".equals(node.path("Type").asString(""))
                    && node.path("Message").isString()) {
                node = json.readTree(node.path("Message").asString());
            }
            S3EventNotifications n = S3EventNotifications.read(node);
            return n.isTest() ? new Test() : new Records(n.records());
        } catch (JacksonException e) {
            return new Poison("not JSON: " + e.getOriginalMessage());
        } catch (InvalidParameterException e) {
            return new Poison("not an S3 event notification: " + e.getMessage());
        }
    }
}
