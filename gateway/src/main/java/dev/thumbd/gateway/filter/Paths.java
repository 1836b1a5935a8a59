package dev.thumbd.gateway.filter;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;

/** Which endpoint a request is for, decided once the same way by every filter. */
public enum Paths {
    RESIZE, INFO, SRCSET, IMAGES, PURGE, ADMIN, OTHER;

    static final String IMAGES_PREFIX = "/v1/images/";

    public static Paths of(ServerHttpRequest request) {
        String p = request.getPath().value();
        return switch (p) {
            case "/v1/resize" -> RESIZE;
            case "/v1/info" -> INFO;
            case "/v1/srcset" -> SRCSET;
            case "/v1/purge" -> PURGE;
            default -> p.startsWith(IMAGES_PREFIX) ? IMAGES : p.startsWith("/admin/") || p.equals("/v1/batch") ? ADMIN : OTHER;
        };
    }

    /** Whether the request needs an API key: writes, purges, signed-URL grants and administration. */
    static boolean needsApiKey(ServerHttpRequest request) {
        Paths p = of(request);
        HttpMethod m = request.getMethod();
        return p == SRCSET || p == PURGE || p == ADMIN || (p == IMAGES && (HttpMethod.PUT.equals(m) || HttpMethod.DELETE.equals(m)));
    }
}
