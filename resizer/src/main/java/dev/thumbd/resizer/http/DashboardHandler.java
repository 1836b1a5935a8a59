package dev.thumbd.resizer.http;

import dev.thumbd.resizer.bottleneck.BottleneckFinder;
import dev.thumbd.resizer.bottleneck.StageWindows;
import dev.thumbd.resizer.dashboard.TrafficWindows;
import dev.thumbd.resizer.degradation.DegradationController;
import dev.thumbd.resizer.pipeline.Stage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The built-in operator page: {@code GET /admin/dashboard} (HTML) and {@code /admin/dashboard.js} are static and
 * carry no data; the script asks {@code GET /admin/stats} (write token, which the page takes from its URL fragment:
 * {@code /admin/dashboard#token=...}, never sent to a server) every two seconds for the request and error rates, the
 * stage heat map and the degradation level.
 */
public final class DashboardHandler {

    private static final String CSP = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self' "
            + "'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";

    private final StageWindows stages;
    private final TrafficWindows traffic;
    private final BottleneckFinder finder;
    private final DegradationController degradation;
    private final WriteAuthorization authorization;
    private final byte[] page;
    private final byte[] script;

    public DashboardHandler(StageWindows stages, TrafficWindows traffic, BottleneckFinder finder,
            DegradationController degradation, WriteAuthorization authorization) {
        this.stages = stages;
        this.traffic = traffic;
        this.finder = finder;
        this.degradation = degradation;
        this.authorization = authorization;
        this.page = resource("dashboard.html");
        this.script = resource("dashboard.js");
    }

    private static byte[] resource(String name) {
        try (InputStream in = Objects.requireNonNull(DashboardHandler.class.getResourceAsStream(
                "/dev/thumbd/resizer/dashboard/" + name), name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Mono<ServerResponse> page(ServerRequest request) {
        return asset(page, MediaType.TEXT_HTML);
    }

    public Mono<ServerResponse> script(ServerRequest request) {
        return asset(script, MediaType.valueOf("text/javascript"));
    }

    private static Mono<ServerResponse> asset(byte[] body, MediaType type) {
        return ServerResponse.ok().contentType(type).header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .header("Content-Security-Policy", CSP).header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer").bodyValue(body);
    }

    public Mono<ServerResponse> stats(ServerRequest request) {
        authorization.check(request.headers().firstHeader(HttpHeaders.AUTHORIZATION));
        StageWindows.Snapshot s = stages.snapshot();
        TrafficWindows.Snapshot t = traffic.snapshot();
        List<List<Double>> heat = new ArrayList<>();
        for (int w = 0; w < s.windows(); w++) {
            List<Double> row = new ArrayList<>();
            for (Stage stage : Stage.values()) {
                double ms = s.meanMillis(w, stage);
                row.add(ms < 0 ? null : ms);
            }
            heat.add(row);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("windowSeconds", s.window().toSeconds());
        body.put("at", System.currentTimeMillis());
        body.put("stages", Arrays.stream(Stage.values()).map(Stage::token).toList());
        body.put("heat", heat);
        body.put("requests", t.requests());
        body.put("clientErrors", t.clientErrors());
        body.put("serverErrors", t.serverErrors());
        body.put("degradation", Map.of("level", degradation.level(), "localLevel", degradation.localLevel(),
                "alertLevel", degradation.alertLevel()));
        body.put("bottlenecks", finder.find(s));
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CACHE_CONTROL, "no-store").bodyValue(body);
    }
}
