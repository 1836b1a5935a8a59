package dev.thumbd.gateway.filter;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * {@code X-Trace-Id} on every response of a traced request (errors included): the id of the trace that started at
 * this gateway and continues into the resizer (the OpenTelemetry agent propagates {@code traceparent}). Set just
 * before the response is committed, so it replaces the resizer's copy rather than adding a second one. Absent when no
 * agent is attached or the request is not sampled.
 *
 * <p>A web filter, first of all, rather than a global filter: the agent's context is current while the web filters
 * run, not in the gateway's filter chain, which runs after the asynchronous route lookup.
 */
public final class TraceIdFilter implements WebFilter, Ordered {

    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;
    public static final String HEADER = "X-Trace-Id";

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        SpanContext span = Span.current().getSpanContext();
        if (span.isValid() && span.isSampled()) {
            String traceId = span.getTraceId();
            exchange.getResponse().beforeCommit(() -> {
                exchange.getResponse().getHeaders().set(HEADER, traceId);
                return Mono.empty();
            });
        }
        return chain.filter(exchange);
    }
}
