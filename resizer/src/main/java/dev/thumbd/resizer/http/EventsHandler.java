package dev.thumbd.resizer.http;

import dev.thumbd.resizer.jobs.BucketEvents;
import dev.thumbd.resizer.jobs.S3EventNotifications;
import dev.thumbd.spec.InvalidParameterException;
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
 * it are recognised by their sequencers. The notification is read by {@link S3EventNotifications}, as the SQS
 * consumer reads it. docs/JOBS.md.
 */
public final class EventsHandler {

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
                    S3EventNotifications n = S3EventNotifications.read(body);
                    if (n.isTest()) {
                        return answer(Map.of("test", true));
                    }
                    return events.handle(n.records()).flatMap(o -> answer(Map.of("created", o.created(), "removed",
                            o.removed(), "ignored", o.ignored(), "jobs", o.jobs().stream().map(JobsHandler::location)
                                    .toList())));
                });
    }

    private static Mono<ServerResponse> answer(Map<String, Object> body) {
        return ServerResponse.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body);
    }
}
