package dev.thumbd.resizer.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import reactor.core.publisher.Mono;

/**
 * {@code http_server_requests_seconds}, the request rate, latency and errors by route and status that the Prometheus
 * rules and dashboards read, recorded by thumbd rather than by Spring's HTTP server observation: that observation
 * (context, key values, handler chain per request) cost about a fifth of the cache-hit path's throughput
 * (docs/BENCHMARKS.md), while this costs one map lookup and one histogram update.
 *
 * <p>Same meter and tags as Spring's: {@code method} (a standard one, else {@code UNKNOWN}), {@code uri} (the matched route pattern, {@code NOT_FOUND} or
 * {@code UNKNOWN}; never the raw path), {@code status}, {@code outcome}. The time runs from the start of the filter
 * chain to the moment the response is committed, so the status is the final one, errors answered by the problem
 * handler included. A request whose client leaves before the answer is counted with status {@code 499}.
 */
public final class RequestMetrics implements WebFilter, Ordered {

    public static final String HTTP_SERVER_REQUESTS = "http.server.requests";

    private record Key(String method, String uri, int status) {
    }

    private final MeterRegistry registry;
    private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

    public RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long t0 = System.nanoTime();
        ServerHttpResponse response = exchange.getResponse();
        response.beforeCommit(() -> {
            HttpStatusCode s = response.getStatusCode();
            record(exchange, s == null ? 200 : s.value(), t0);
            return Mono.empty();
        });
        return chain.filter(exchange).doOnCancel(() -> {
            if (!response.isCommitted()) {
                record(exchange, 499, t0);
            }
        });
    }

    private void record(ServerWebExchange exchange, int status, long t0) {
        long elapsed = System.nanoTime() - t0;
        PathPattern pattern = exchange.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        String uri = pattern != null ? pattern.getPatternString() : status == 404 ? "NOT_FOUND" : "UNKNOWN";
        Key key = new Key(method(exchange.getRequest().getMethod()), uri, status);
        Timer t = timers.get(key);
        if (t == null) {
            t = timers.computeIfAbsent(key, this::timer);
        }
        t.record(elapsed, TimeUnit.NANOSECONDS);
    }

    private Timer timer(Key k) {
        return Timer.builder(HTTP_SERVER_REQUESTS).description("HTTP requests answered, by route and status")
                .tag("method", k.method()).tag("uri", k.uri()).tag("status", Integer.toString(k.status()))
                .tag("outcome", outcome(k.status())).publishPercentileHistogram().register(registry);
    }

    /** The standard methods by name, anything else {@code UNKNOWN} (as Spring's convention): clients choose it. */
    static String method(HttpMethod m) {
        return switch (m.name()) {
            case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE" -> m.name();
            default -> "UNKNOWN";
        };
    }

    static String outcome(int status) {
        return switch (status / 100) {
            case 1 -> "INFORMATIONAL";
            case 2 -> "SUCCESS";
            case 3 -> "REDIRECTION";
            case 4 -> "CLIENT_ERROR";
            case 5 -> "SERVER_ERROR";
            default -> "UNKNOWN";
        };
    }
}
