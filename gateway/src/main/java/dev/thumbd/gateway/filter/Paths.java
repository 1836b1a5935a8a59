package dev.thumbd.gateway.filter;

import dev.thumbd.http.Endpoint;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Which endpoint a request is for, decided once the same way by every filter: {@link Endpoint} of the raw path,
 * which {@link RequestPathFilter} has already checked to be canonical (docs/HTTP.md#paths).
 */
final class Paths {

    static final String IMAGES_PREFIX = Endpoint.IMAGES_PREFIX;

    private Paths() {
    }

    static Endpoint of(ServerHttpRequest request) {
        return Endpoint.of(request.getPath().value());
    }

    /**
     * Whether the request needs an API key: writes, purges, signed-URL grants, background jobs (every method: a job's
     * progress names the caller's keys), bucket events and administration.
     */
    static boolean needsApiKey(ServerHttpRequest request) {
        Endpoint p = of(request);
        HttpMethod m = request.getMethod();
        return p == Endpoint.SRCSET || p == Endpoint.PURGE || p == Endpoint.ADMIN || p == Endpoint.JOBS
                || p == Endpoint.EVENTS
                || (p == Endpoint.IMAGES && (HttpMethod.PUT.equals(m) || HttpMethod.DELETE.equals(m)));
    }
}
