package dev.thumbd.resizer.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * {@code X-Trace-Id}: the id of the trace a traced request belongs to, on its response (errors included), so a user
 * can hand it to an operator who finds the request in Jaeger or any OpenTelemetry backend. Absent when the request is
 * not traced (no agent attached, or not sampled).
 */
public final class TraceIdHeader implements WebFilter {

    public static final String HEADER = "X-Trace-Id";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        SpanContext span = Span.current().getSpanContext();
        if (span.isValid() && span.isSampled()) {
            String traceId = span.getTraceId();
            exchange.getResponse().beforeCommit(() -> {   // after an error handler has replaced the headers
                exchange.getResponse().getHeaders().set(HEADER, traceId);
                return Mono.empty();
            });
        }
        return chain.filter(exchange);
    }
}
