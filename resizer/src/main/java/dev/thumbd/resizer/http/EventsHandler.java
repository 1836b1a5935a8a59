package dev.thumbd.resizer.http;

import dev.thumbd.resizer.jobs.BucketEvents;
import dev.thumbd.spec.InvalidParameterException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/events}, behind {@link WriteAuthorization}: an S3 event notification ({@code {"Records": [...]}},
 * as AWS S3 and MinIO's webhook target send it). S3's test event ({@code "Event": "s3:TestEvent"}) is answered 200
 * and ignored. A full job queue is a 503 with {@code Retry-After}: the sender retries, and the records handled before
 * it are recognised by their sequencers. docs/JOBS.md.
 */
public final class EventsHandler {

    /** Records one notification may carry (S3 sends one, MinIO one; a batch of a few is fine). */
    static final int MAX_RECORDS = 1000;

    private final BucketEvents events;
    private final WriteAuthorization authorization;

    public EventsHandler(BucketEvents events, WriteAuthorization authorization) {
        this.events = events;
        this.authorization = authorization;
    }

    public Mono<ServerResponse> receive(ServerRequest request) {
        authorization.check(request.headers().firstHeader(HttpHeaders.AUTHORIZATION));
        return request.bodyToMono(JsonNode.class)
                .switchIfEmpty(Mono.error(() -> new InvalidParameterException("body", "an S3 event notification", "")))
                .flatMap(body -> {
                    if (body.isObject() && "s3:TestEvent".equals(body.path("Event").asString(""))) {
                        return answer(Map.of("test", true));
                    }
                    JsonNode records = body.path("Records");
                    if (!records.isArray() || records.size() > MAX_RECORDS) {
                        throw new InvalidParameterException("Records", "1 to " + MAX_RECORDS + " S3 event records",
                                records.isArray() ? records.size() + " records" : "none");
                    }
                    List<BucketEvents.Record> list = new ArrayList<>();
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
                    return events.handle(list).flatMap(o -> answer(Map.of("created", o.created(), "removed",
                            o.removed(), "ignored", o.ignored(), "jobs", o.jobs().stream().map(JobsHandler::location)
                                    .toList())));
                });
    }

    private static Mono<ServerResponse> answer(Map<String, Object> body) {
        return ServerResponse.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body);
    }
}
