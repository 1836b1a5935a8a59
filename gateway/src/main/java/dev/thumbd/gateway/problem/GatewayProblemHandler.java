package dev.thumbd.gateway.problem;

import dev.thumbd.gateway.filter.RateLimitFilter;
import dev.thumbd.gateway.routing.UpstreamFailure;
import dev.thumbd.problem.ProblemDocument;
import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Every error the gateway answers itself is RFC 9457 {@code application/problem+json} with a stable type, the same
 * catalogue as the resizer's; errors a resizer answered pass through untouched. 4xx are logged at debug level only.
 */
public final class GatewayProblemHandler implements WebExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayProblemHandler.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(ex);
        }
        ProblemException problem = toProblem(ex);
        ProblemType type = problem.type();
        String path = exchange.getRequest().getPath().value();
        if (type == ProblemType.INTERNAL_ERROR) {
            LOG.error("{} {} failed", exchange.getRequest().getMethod(), path, ex);
        } else if (type.status() >= 500) {
            LOG.warn("{} {}: {} {}", exchange.getRequest().getMethod(), path, type.status(), problem.detail());
        } else {
            LOG.debug("{} {}: {} {}", exchange.getRequest().getMethod(), path, type.status(), problem.detail());
        }
        byte[] body = new ProblemDocument(type, problem.detail(), path).toJson();
        HttpHeaders h = response.getHeaders();
        // keep the rate-limit headers; anything else set on the way belongs to a response that is not being sent
        HttpHeaders kept = new HttpHeaders();
        h.forEach((name, values) -> {
            if (name.regionMatches(true, 0, "X-RateLimit-", 0, 12)) {
                kept.put(name, values);
            }
        });
        h.clear();
        h.putAll(kept);
        response.setStatusCode(HttpStatusCode.valueOf(type.status()));
        h.set(HttpHeaders.CONTENT_TYPE, ProblemDocument.MEDIA_TYPE);
        h.setContentLength(body.length);
        h.set(HttpHeaders.CACHE_CONTROL, "no-store");
        h.set("X-Content-Type-Options", "nosniff");
        if (problem instanceof RateLimitFilter.RateLimitedException r) {
            h.set(HttpHeaders.RETRY_AFTER, Long.toString(r.retryAfterSeconds()));
        } else if (type.status() == 503) {
            h.set(HttpHeaders.RETRY_AFTER, "1");
        }
        if (type == ProblemType.UNAUTHORIZED) {
            h.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    static ProblemException toProblem(Throwable ex) {
        if (ex instanceof ProblemException p) {
            return p;
        }
        switch (UpstreamFailure.of(ex)) {
            case CONNECT -> {
                return new ProblemException(ProblemType.UPSTREAM_UNAVAILABLE, "No resizer replica could be reached.", ex);
            }
            case TIMEOUT -> {
                return new ProblemException(ProblemType.DEADLINE_EXCEEDED, "The resizer did not answer in time.", ex);
            }
            default -> { }
        }
        if (ex instanceof ResponseStatusException r) {
            int status = r.getStatusCode().value();
            if (status == 503) {
                return new ProblemException(ProblemType.UPSTREAM_UNAVAILABLE, "No resizer replica is available.", ex);
            }
            if (status == 504) {
                return new ProblemException(ProblemType.DEADLINE_EXCEEDED, "The resizer did not answer in time.", ex);
            }
            if (status == 404) {
                return new ProblemException(ProblemType.NOT_FOUND, "No endpoint answers this path.", ex);
            }
            if (status == 413) {
                return new ProblemException(ProblemType.SOURCE_TOO_LARGE, "The request body is too large.", ex);
            }
            if (status == 405) {
                return new ProblemException(ProblemType.METHOD_NOT_ALLOWED, "This method is not allowed here.", ex);
            }
            if (status >= 400 && status < 500) {
                return new ProblemException(ProblemType.INVALID_PARAMETER, "The request is not valid here.", ex);
            }
        }
        return new ProblemException(ProblemType.INTERNAL_ERROR, "The gateway failed to handle this request.", ex);
    }
}
