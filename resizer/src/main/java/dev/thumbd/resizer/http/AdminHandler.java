package dev.thumbd.resizer.http;

import dev.thumbd.resizer.bottleneck.BottleneckFinder;
import dev.thumbd.resizer.bottleneck.StageWindows;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /admin/bottlenecks}: the pipeline stages ranked by their share of rendering time over the retained
 * windows, with the persistent and transient bottleneck flags and a suggested action each ({@link BottleneckFinder}).
 * Needs a write token: it is for operators, and the gateway does not route {@code /admin}.
 */
public final class AdminHandler {

    private final StageWindows windows;
    private final BottleneckFinder finder;
    private final WriteAuthorization authorization;

    public AdminHandler(StageWindows windows, BottleneckFinder finder, WriteAuthorization authorization) {
        this.windows = windows;
        this.finder = finder;
        this.authorization = authorization;
    }

    public Mono<ServerResponse> bottlenecks(ServerRequest request) {
        authorization.check(request.headers().firstHeader(HttpHeaders.AUTHORIZATION));
        StageWindows.Snapshot s = windows.snapshot();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("windowSeconds", s.window().toSeconds());
        body.put("windows", s.windows());
        body.put("stages", finder.find(s));
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CACHE_CONTROL, "no-store").bodyValue(body);
    }
}
