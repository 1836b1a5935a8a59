package dev.thumbd.resizer.http;

import dev.thumbd.problem.ProblemDocument;
import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Turns every failure into an RFC 9457 {@code application/problem+json} response with a stable {@code type}.
 * {@link ProblemException}s carry their type and public detail; framework errors (no route, wrong method, unreadable
 * body) map to their own types; anything else becomes a generic 500 whose cause is logged, never sent. Client errors
 * are logged at debug level only.
 */
public final class ProblemExceptionHandler implements WebExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemExceptionHandler.class);

    private final CachePolicy cachePolicy;
    private final long retryAfterSeconds;

    public ProblemExceptionHandler(CachePolicy cachePolicy, long retryAfterSeconds) {
        this.cachePolicy = cachePolicy;
        this.retryAfterSeconds = retryAfterSeconds;
    }

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
            LOG.error("{} {} failed: {}", exchange.getRequest().getMethod(), path, type.slug(), ex);
        } else if (type.status() >= 500 && type != ProblemType.OVERLOADED) {
            // expected server-side conditions (deadline, store down): one line, no stack trace; shed requests are
            // only metered (thumbd.admission.rejected), a log line each would add work when the service is busiest
            LOG.warn("{} {}: {} {}", exchange.getRequest().getMethod(), path, type.status(), problem.detail());
        } else {
            LOG.debug("{} {}: {} {}", exchange.getRequest().getMethod(), path, type.status(), problem.detail());
        }
        byte[] body = new ProblemDocument(type, problem.detail(), path).toJson();
        HttpHeaders h = response.getHeaders();
        h.clear();
        response.setStatusCode(HttpStatusCode.valueOf(type.status()));
        h.set(HttpHeaders.CONTENT_TYPE, ProblemDocument.MEDIA_TYPE);
        h.setContentLength(body.length);
        h.set(HttpHeaders.CACHE_CONTROL, cachePolicy.forError(type.status()));
        Object surrogateKey = exchange.getAttribute(ResizeHandler.SURROGATE_KEY);
        if (surrogateKey instanceof String key && cachePolicy.cacheable(type.status())) {
            // a CDN keeps this answer (a missing original's 404): an upload of the original purges it by this key
            h.set("Surrogate-Key", key);
            h.set("Cache-Tag", key.replace(' ', ','));
        }
        h.set("X-Content-Type-Options", "nosniff");
        if (type.status() == 503) {
            h.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        }
        if (type == ProblemType.UNAUTHORIZED) {
            h.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        if (ex instanceof MethodNotAllowedException m && !m.getSupportedMethods().isEmpty()) {
            h.setAllow(m.getSupportedMethods());
        }
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }

    static ProblemException toProblem(Throwable ex) {
        if (ex instanceof ProblemException p) {
            return p;
        }
        if (ex instanceof TimeoutException) {
            return new ProblemException(ProblemType.DEADLINE_EXCEEDED, "The thumbnail took longer than the deadline.", ex);
        }
        if (ex instanceof MethodNotAllowedException m) {
            return new ProblemException(ProblemType.METHOD_NOT_ALLOWED,
                    m.getHttpMethod() + " is not allowed here; allowed: " + m.getSupportedMethods() + ".", ex);
        }
        if (ex instanceof DataBufferLimitException) {
            // a JSON body (jobs, bucket events) over the codec's in-memory limit: read no further
            return new ProblemException(ProblemType.SOURCE_TOO_LARGE, "The request body is too large.", ex);
        }
        if (ex instanceof ServerWebInputException) {
            return new ProblemException(ProblemType.INVALID_PARAMETER, "The request could not be read.", ex);
        }
        if (ex instanceof ResponseStatusException r) {
            int status = r.getStatusCode().value();
            if (status == HttpStatus.NOT_FOUND.value()) {
                return new ProblemException(ProblemType.NOT_FOUND, "No endpoint answers this path.", ex);
            }
            if (status == HttpStatus.CONTENT_TOO_LARGE.value()) {
                return new ProblemException(ProblemType.SOURCE_TOO_LARGE, "The request body is too large.", ex);
            }
            if (status == HttpStatus.UNSUPPORTED_MEDIA_TYPE.value()) {
                return new ProblemException(ProblemType.UNSUPPORTED_FORMAT, "Unsupported media type.", ex);
            }
            if (status >= 400 && status < 500) {
                return new ProblemException(ProblemType.INVALID_PARAMETER, "The request is not valid here.", ex);
            }
        }
        return new ProblemException(ProblemType.INTERNAL_ERROR,
                "The server failed to handle this request; the cause is in its log.", ex);
    }
}
