package dev.thumbd.resizer.jobs;

import dev.thumbd.spec.InvalidParameterException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The one reader of S3 event notifications ({@code {"Records": [...]}}, as AWS S3 and MinIO's webhook targets send
 * them), shared by {@code POST /v1/events} and the SQS consumer so that both read a notification the same way. S3's
 * test event ({@code "Event": "s3:TestEvent"}, sent when a notification is set up) reads as {@link #isTest()}.
 */
public record S3EventNotifications(boolean isTest, List<BucketEvents.Record> records) {

    /** Records one notification may carry (S3 sends one, MinIO one; a batch of a few is fine). */
    public static final int MAX_RECORDS = 1000;

    private static final S3EventNotifications TEST = new S3EventNotifications(true, List.of());

    /**
     * Reads one notification.
     *
     * @throws InvalidParameterException when it is neither a test event nor 1 to {@link #MAX_RECORDS} records each
     *                                   with an {@code eventName} and an {@code s3.object.key}
     */
    public static S3EventNotifications read(JsonNode body) {
        if (body.isObject() && "s3:TestEvent".equals(body.path("Event").asString(""))) {
            return TEST;
        }
        JsonNode records = body.path("Records");
        if (!records.isArray() || records.isEmpty() || records.size() > MAX_RECORDS) {
            throw new InvalidParameterException("Records", "1 to " + MAX_RECORDS + " S3 event records",
                    records.isArray() ? records.size() + " records" : "none");
        }
        List<BucketEvents.Record> list = new ArrayList<>(records.size());
        for (JsonNode r : records) {
            String name = r.path("eventName").asString("");
            JsonNode s3 = r.path("s3");
            String key = s3.path("object").path("key").asString("");
            if (name.isEmpty() || key.isEmpty()) {
                throw new InvalidParameterException("Records", "records with eventName and s3.object.key",
                        name.isEmpty() ? "no eventName" : "no s3.object.key");
            }
            JsonNode bucket = s3.path("bucket").path("name");
            JsonNode seq = s3.path("object").path("sequencer");
            list.add(new BucketEvents.Record(name, bucket.isString() ? bucket.asString() : null, key,
                    seq.isString() ? seq.asString() : null));
        }
        return new S3EventNotifications(false, List.copyOf(list));
    }
}
