package dev.thumbd.http;

/**
 * Which thumbd endpoint a canonical path ({@link RequestPath#check}) names. Read off the raw bytes only, which is
 * safe because a canonical path has one spelling: the gateway's checks and the resizer's routes cannot disagree.
 */
public enum Endpoint {
    RESIZE, INFO, SRCSET, IMAGES, PURGE, JOBS, EVENTS, ADMIN, OTHER;

    /** The prefix of {@code /v1/images/{key}}; the key is the raw rest of the path. */
    public static final String IMAGES_PREFIX = "/v1/images/";

    /** {@code /v1/jobs} (submit) and {@code /v1/jobs/{id}} (one job). */
    public static final String JOBS_PATH = "/v1/jobs";

    /** @param canonicalPath a path {@link RequestPath#check} accepted */
    public static Endpoint of(String canonicalPath) {
        return switch (canonicalPath) {
            case "/v1/resize" -> RESIZE;
            case "/v1/info" -> INFO;
            case "/v1/srcset" -> SRCSET;
            case "/v1/purge" -> PURGE;
            case JOBS_PATH -> JOBS;
            case "/v1/events" -> EVENTS;
            default -> isJob(canonicalPath) ? JOBS : canonicalPath.startsWith(IMAGES_PREFIX) && canonicalPath.length() > IMAGES_PREFIX.length()
                    ? IMAGES
                    : canonicalPath.startsWith("/admin/") || canonicalPath.equals("/v1/batch") ? ADMIN : OTHER;
        };
    }

    /** {@code /v1/jobs/<one segment>}. */
    private static boolean isJob(String path) {
        return path.startsWith(JOBS_PATH + "/") && path.length() > JOBS_PATH.length() + 1
                && path.indexOf('/', JOBS_PATH.length() + 1) < 0;
    }

    /** Whether the endpoint is part of the public {@code /v1} API (served by the resizer on its API port only). */
    public boolean isPublicApi() {
        return this != ADMIN && this != OTHER;
    }
}
