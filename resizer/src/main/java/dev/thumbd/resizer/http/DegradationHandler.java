package dev.thumbd.resizer.http;

import dev.thumbd.resizer.degradation.DegradationController;
import dev.thumbd.spec.InvalidParameterException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /admin/degradation}: Alertmanager's webhook (alertmanager/alertmanager.yml). Each alert labelled
 * {@code degradation="true"} asks, while firing, for the level in its {@code level} label (1 when absent or not a
 * number; clamped to 1-4: one odd label must not make Alertmanager's whole batch bounce); resolved
 * alerts ask for nothing. An alert without an {@code instance} label (about the whole pool) counts only when
 * {@code thumbd.degradation.fleet-alerts} is on, so one alert cannot put every replica at level 4. {@code GET /admin/degradation} shows the level in force and where it comes from. Both need a
 * write token (Alertmanager sends it from a credentials file).
 */
public final class DegradationHandler {

    private final DegradationController controller;
    private final WriteAuthorization authorization;
    private final @Nullable String instance;
    private final boolean fleetAlerts;

    /**
     * @param instance    this replica's Prometheus {@code instance}: alerts naming another one are ignored
     * @param fleetAlerts whether alerts naming no instance count (they would move every replica at once)
     */
    public DegradationHandler(DegradationController controller, WriteAuthorization authorization,
            @Nullable String instance, boolean fleetAlerts) {
        this.controller = controller;
        this.authorization = authorization;
        this.instance = instance;
        this.fleetAlerts = fleetAlerts;
    }

    public Mono<ServerResponse> webhook(ServerRequest request) {
        authorization.check(request.headers().firstHeader(HttpHeaders.AUTHORIZATION));
        return request.bodyToMono(JsonNode.class).flatMap(body -> {
            if (!body.path("alerts").isArray()) {
                return Mono.error(new InvalidParameterException("body",
                        "an Alertmanager webhook payload (JSON with an alerts array)", shorten(body.toString())));
            }
            for (JsonNode alert : body.path("alerts")) {
                JsonNode labels = alert.path("labels");
                if (!"true".equals(labels.path("degradation").asString(""))) {
                    continue;
                }
                String about = labels.path("instance").asString("");
                if (about.isEmpty() ? !fleetAlerts : instance != null && !about.equals(instance)) {
                    continue;   // about the whole pool (not taken unless configured), or about another replica
                }
                String key = alert.path("fingerprint").asString("");
                if (key.isEmpty()) {
                    key = labels.toString();
                }
                int level = parseLevel(labels.path("level").asString("1"));
                controller.alert(key, "firing".equals(alert.path("status").asString("")), level);
            }
            return state();
        }).switchIfEmpty(Mono.error(() -> new InvalidParameterException("body",
                "an Alertmanager webhook payload (JSON with an alerts array)", "")));
    }

    public Mono<ServerResponse> show(ServerRequest request) {
        authorization.check(request.headers().firstHeader(HttpHeaders.AUTHORIZATION));
        return state();
    }

    private Mono<ServerResponse> state() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("level", controller.level());
        body.put("localLevel", controller.localLevel());
        body.put("alertLevel", controller.alertLevel());
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CACHE_CONTROL, "no-store").bodyValue(body);
    }

    private static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }

    private static int parseLevel(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
