package dev.thumbd.resizer.tracing;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.TracerProvider;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when spans are being made: the OpenTelemetry Java agent (or another SDK) installed a global tracer
 * provider before the application started. Without one, beans that only serve tracing are not made at all, so an
 * untraced resizer pays nothing for them per request (a web filter costs a Reactor checkpoint on every request even
 * when it does nothing).
 */
public final class TracingActive implements Condition {

    /** Whether a tracer provider other than the no-op one is installed. */
    public static boolean now() {
        return GlobalOpenTelemetry.getTracerProvider() != TracerProvider.noop();
    }

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return now();
    }
}
