/**
 * OpenTelemetry: the pipeline stages of a computed thumbnail as child spans of the request's span, and the trace id
 * on every response. Through the OpenTelemetry API only: with the Java agent attached the spans join the agent's
 * traces (trace context from the gateway included); without it every call is a no-op.
 */
@NullMarked
package dev.thumbd.resizer.tracing;

import org.jspecify.annotations.NullMarked;
