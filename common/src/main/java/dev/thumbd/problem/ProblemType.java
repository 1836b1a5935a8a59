package dev.thumbd.problem;

import java.net.URI;

/**
 * The catalogue of RFC 9457 problem types thumbd answers with. Each has a stable slug (the last segment of its
 * {@code type} URI, documented under {@code docs/problems/<slug>.md}), an HTTP status and a short title.
 */
public enum ProblemType {
    INVALID_PARAMETER("invalid-parameter", 400, "Invalid parameter"),
    MALFORMED_REQUEST("malformed-request", 400, "Malformed HTTP request"),
    NON_CANONICAL_PATH("non-canonical-path", 400, "Path not in canonical form"),
    CHECKSUM_MISMATCH("checksum-mismatch", 400, "Checksum mismatch"),
    UNAUTHORIZED("unauthorized", 401, "Credentials required"),
    FORBIDDEN("forbidden", 403, "Not allowed"),
    INVALID_SIGNATURE("invalid-signature", 403, "Invalid or missing signature"),
    SOURCE_NOT_FOUND("source-not-found", 404, "Source image not found"),
    NOT_FOUND("not-found", 404, "No such endpoint"),
    JOB_NOT_FOUND("job-not-found", 404, "No such job"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
    REQUEST_TIMEOUT("request-timeout", 408, "Request not received in time"),
    PRECONDITION_FAILED("precondition-failed", 412, "Precondition failed"),
    SOURCE_TOO_LARGE("source-too-large", 413, "Source image too large"),
    UNSUPPORTED_FORMAT("unsupported-format", 415, "Unsupported image format"),
    RATE_LIMITED("rate-limited", 429, "Too many requests"),
    CORRUPT_IMAGE("corrupt-image", 422, "Broken or unreadable image"),
    IMAGE_TOO_LARGE("image-too-large", 422, "Image dimensions over the limit"),
    FORMAT_UNAVAILABLE("format-unavailable", 422, "Format unavailable on this server"),
    OVERLAY_NOT_FOUND("overlay-not-found", 422, "Overlay image not found"),
    INVALID_OVERLAY("invalid-overlay", 422, "Overlay image unusable"),
    SOURCE_UNREACHABLE("source-unreachable", 502, "Source could not be fetched"),
    OVERLOADED("overloaded", 503, "Server busy"),
    STORE_UNAVAILABLE("store-unavailable", 503, "Object store unavailable"),
    QUARANTINED("quarantined", 503, "Request quarantined"),
    QUEUE_FULL("queue-full", 503, "Background queue full"),
    UPSTREAM_UNAVAILABLE("upstream-unavailable", 503, "No resizer available"),
    INTERNAL_ERROR("internal-error", 500, "Internal error"),
    DEADLINE_EXCEEDED("deadline-exceeded", 504, "Deadline exceeded");

    /** Base of every {@code type} URI. */
    public static final String BASE_URI = "https://thumbd.dev/problems/";

    private final String slug;
    private final int status;
    private final String title;

    ProblemType(String slug, int status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    public String slug() {
        return slug;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The {@code type} member of the problem document. */
    public URI uri() {
        return URI.create(BASE_URI + slug);
    }
}
