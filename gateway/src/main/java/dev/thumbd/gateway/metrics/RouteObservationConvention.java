package dev.thumbd.gateway.metrics;

import dev.thumbd.http.Endpoint;
import io.micrometer.common.KeyValue;
import org.springframework.http.server.reactive.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * {@code http_server_requests_seconds} by route on the gateway: proxied requests match no handler pattern, so Spring
 * would tag them all {@code uri="UNKNOWN"}; this names the thumbd endpoint instead ({@code /v1/resize},
 * {@code /v1/images/**}, ...), from the same {@link Endpoint} classification every filter uses. Never the raw path.
 */
public final class RouteObservationConvention extends DefaultServerRequestObservationConvention {

    @Override
    protected KeyValue uri(ServerRequestObservationContext context) {
        if (context.getPathPattern() != null) {
            return super.uri(context);   // the actuator's own endpoints
        }
        String route = switch (Endpoint.of(context.getCarrier().getPath().value())) {
            case RESIZE -> "/v1/resize";
            case INFO -> "/v1/info";
            case SRCSET -> "/v1/srcset";
            case PURGE -> "/v1/purge";
            case IMAGES -> "/v1/images/**";
            case JOBS -> "/v1/jobs/**";
            case EVENTS -> "/v1/events";
            case ADMIN -> "/admin/**";
            case OTHER -> null;
        };
        return route == null ? super.uri(context) : KeyValue.of("uri", route);
    }
}
