package dev.thumbd.resizer.http;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.jobs.JobIntake;
import dev.thumbd.resizer.jobs.JobLedger;
import dev.thumbd.resizer.jobs.JobStatus;
import dev.thumbd.resizer.jobs.JobSummary;
import dev.thumbd.resizer.jobs.JobWebhooks;
import dev.thumbd.resizer.jobs.VariantSet;
import dev.thumbd.spec.InvalidParameterException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code /v1/jobs}, behind {@link WriteAuthorization}: {@code POST} a job ({@code {"variantSet": "gallery",
 * "keys": [...]}} or {@code {"variantSet": "gallery", "prefix": "photos/"}}) -> 202 with {@code Location:
 * /v1/jobs/{id}} (the same id and answer when the job is known); {@code GET /v1/jobs/{id}} its progress;
 * {@code DELETE /v1/jobs/{id}} cancels what is still queued. docs/JOBS.md.
 */
public final class JobsHandler {

    static final String PATH = "/v1/jobs";
    private static final String ID = "[0-9a-f]{32}";

    private final JobIntake intake;
    private final JobLedger ledger;
    private final WriteAuthorization authorization;
    private final JobWebhooks webhooks;

    public JobsHandler(JobIntake intake, JobLedger ledger, JobWebhooks webhooks, WriteAuthorization authorization) {
        this.webhooks = webhooks;
        this.intake = intake;
        this.ledger = ledger;
        this.authorization = authorization;
    }

    public Mono<ServerResponse> submit(ServerRequest request) {
        authorization.check(request.headers().firstHeader(HttpHeaders.AUTHORIZATION));
        return request.bodyToMono(JsonNode.class)
                .switchIfEmpty(Mono.error(() -> new InvalidParameterException("body",
                        "a JSON object with variantSet and keys or prefix", "")))
                .flatMap(body -> {
                    if (!body.isObject()) {
                        throw new InvalidParameterException("body", "a JSON object with variantSet and keys or prefix",
                                shorten(body.toString()));
                    }
                    for (String name : body.propertyNames()) {
                        if (!List.of("variantSet", "keys", "prefix", JobWebhooks.PARAMETER).contains(name)) {
                            throw new InvalidParameterException(name, "only variantSet, keys, prefix or "
                                    + JobWebhooks.PARAMETER, name);
                        }
                    }
                    String notify = null;
                    if (body.has(JobWebhooks.PARAMETER)) {
                        JsonNode n = body.path(JobWebhooks.PARAMETER);
                        if (!n.isString()) {
                            throw new InvalidParameterException(JobWebhooks.PARAMETER, "a URL", shorten(n.toString()));
                        }
                        notify = n.asString();
                    }
                    JsonNode set = body.path("variantSet");
                    if (!set.isString()) {
                        throw new InvalidParameterException("variantSet", "the name of a configured variant set",
                                shorten(set.toString()));
                    }
                    VariantSet variants = intake.set("variantSet", set.asString());
                    boolean hasKeys = body.has("keys");
                    boolean hasPrefix = body.has("prefix");
                    if (hasKeys == hasPrefix) {
                        throw new InvalidParameterException("keys", "either keys or prefix", "");
                    }
                    if (hasPrefix) {
                        JsonNode prefix = body.path("prefix");
                        if (!prefix.isString()) {
                            throw new InvalidParameterException("prefix", "a key prefix", shorten(prefix.toString()));
                        }
                        return intake.backfill(variants, prefix.asString(), notify);
                    }
                    JsonNode keys = body.path("keys");
                    if (!keys.isArray()) {
                        throw new InvalidParameterException("keys", "an array of storage keys", shorten(keys.toString()));
                    }
                    List<String> list = new ArrayList<>();
                    for (JsonNode k : keys) {
                        if (!k.isString()) {
                            throw new InvalidParameterException("keys", "an array of storage keys", shorten(k.toString()));
                        }
                        list.add(k.asString());
                    }
                    return intake.submit(variants, list, notify);
                })
                .flatMap(s -> ServerResponse.status(HttpStatus.ACCEPTED)
                        .location(URI.create(location(s.status().id())))
                        .header(HttpHeaders.CACHE_CONTROL, "no-store")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(describe(s.status())));
    }

    public Mono<ServerResponse> show(ServerRequest request) {
        authorization.check(request.headers().firstHeader(HttpHeaders.AUTHORIZATION));
        String id = id(request);
        return ledger.find(id).switchIfEmpty(Mono.error(() -> unknown(id)))
                .flatMap(s -> ServerResponse.ok().header(HttpHeaders.CACHE_CONTROL, "no-store")
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(describe(s)));
    }

    public Mono<ServerResponse> cancel(ServerRequest request) {
        authorization.check(request.headers().firstHeader(HttpHeaders.AUTHORIZATION));
        String id = id(request);
        return ledger.cancel(id).flatMap(known -> known ? webhooks.jobChanged(id).then(ledger.find(id))
                        : Mono.error(unknown(id)))
                .flatMap(s -> ServerResponse.ok().header(HttpHeaders.CACHE_CONTROL, "no-store")
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(describe(s)));
    }

    /** The path of a job's status. */
    public static String location(String id) {
        return PATH + "/" + id;
    }

    private static String id(ServerRequest request) {
        String path = request.requestPath().value();
        String id = path.substring(PATH.length() + 1);
        if (!id.matches(ID)) {
            throw unknown(id);
        }
        return id;
    }

    private static ProblemException unknown(String id) {
        return new ProblemException(ProblemType.JOB_NOT_FOUND, "There is no job '" + shorten(id) + "'.");
    }

    /** The JSON of a job's status ({@link JobSummary}). */
    public static Map<String, Object> describe(JobStatus s) {
        return JobSummary.describe(s);
    }

    private static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
