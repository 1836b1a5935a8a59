package dev.thumbd.http;

/**
 * Which thumbd endpoint a canonical path ({@link RequestPath#check}) names. Read off the raw bytes only, which is
 * safe because a canonical path has one spelling: the gateway's checks and the resizer's routes cannot disagree.
 */
public enum Endpoint {
    RESIZE, INFO, SRCSET, IMAGES, PURGE, ADMIN, OTHER;

    /** The prefix of {@code /v1/images/{key}}; the key is the raw rest of the path. */
    public static final String IMAGES_PREFIX = "/v1/images/";

    /** @param canonicalPath a path {@link RequestPath#check} accepted */
    public static Endpoint of(String canonicalPath) {
        return switch (canonicalPath) {
            case "/v1/resize" -> RESIZE;
            case "/v1/info" -> INFO;
            case "/v1/srcset" -> SRCSET;
            case "/v1/purge" -> PURGE;
            default -> canonicalPath.startsWith(IMAGES_PREFIX) && canonicalPath.length() > IMAGES_PREFIX.length()
                    ? IMAGES
                    : canonicalPath.startsWith("/admin/") || canonicalPath.equals("/v1/batch") ? ADMIN : OTHER;
        };
    }

    /** Whether the endpoint is part of the public {@code /v1} API (served by the resizer on its API port only). */
    public boolean isPublicApi() {
        return this != ADMIN && this != OTHER;
    }
}
