/**
 * The {@code /v1} HTTP API on Spring WebFlux functional routes: one handler class per resource, HTTP caching rules,
 * and the RFC 9457 problem responses. Handlers run on event loops and never block or compute pixels there.
 */
@NullMarked
package dev.thumbd.resizer.http;

import org.jspecify.annotations.NullMarked;
