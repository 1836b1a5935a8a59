package dev.thumbd.resizer.tracing;

import dev.thumbd.resizer.pipeline.Stage;
import dev.thumbd.resizer.pipeline.StageTimings;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.concurrent.TimeUnit;

/**
 * Records a computed thumbnail's pipeline as spans under the request's span: one {@code thumbd.render} span and one
 * child per stage that took time ({@code probe}, {@code decode}, {@code resize}, ..., {@code encode}), each with the
 * duration the pipeline measured, laid end to end from the moment the render started, in pipeline order.
 *
 * <p>The spans are made after the render, from its {@link StageTimings}, on the thread that answers the request: the
 * worker that rendered never touches tracing, and a render shared by several requests appears in each of their
 * traces. Nothing is recorded when the request is not traced.
 */
public final class StageSpans {

    static final String INSTRUMENTATION = "dev.thumbd.resizer";
    static final AttributeKey<String> STAGE = AttributeKey.stringKey("thumbd.stage");
    /** The encoded format of the render. */
    static final AttributeKey<String> FORMAT = AttributeKey.stringKey("thumbd.format");

    private final Tracer tracer;

    public StageSpans(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer(INSTRUMENTATION);
    }

    /** The context of the request being handled (call on the thread that received it). */
    public static Context current() {
        return Context.current();
    }

    /**
     * @param parent  the request's context, from {@link #current()}
     * @param timings the stage times of the render it waited for
     * @param format  the encoded format's token
     */
    public void record(Context parent, StageTimings timings, String format) {
        if (!Span.fromContext(parent).getSpanContext().isValid()) {
            return;
        }
        long at = timings.startedEpochNanos();
        Span render = tracer.spanBuilder("thumbd.render").setParent(parent)
                .setStartTimestamp(at, TimeUnit.NANOSECONDS).setAttribute(FORMAT, format).startSpan();
        Context inRender = parent.with(render);
        for (Stage s : Stage.values()) {
            long n = timings.nanos(s);
            if (n <= 0) {
                continue;
            }
            Span stage = tracer.spanBuilder(s.token()).setParent(inRender).setStartTimestamp(at, TimeUnit.NANOSECONDS)
                    .setAttribute(STAGE, s.token()).startSpan();
            at += n;
            stage.end(at, TimeUnit.NANOSECONDS);
        }
        render.end(at, TimeUnit.NANOSECONDS);
    }
}
