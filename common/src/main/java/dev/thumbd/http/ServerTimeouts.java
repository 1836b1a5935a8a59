package dev.thumbd.http;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How long a client may take to send a request, on both servers ({@code thumbd.server.*}, docs/CONFIGURATION.md). A
 * value left out takes its default.
 *
 * @param headerTimeout   from the first byte of a request to the end of its headers (default 10 s)
 * @param bodyIdleTimeout longest pause between two pieces of a request body (default 10 s)
 * @param uploadDeadline  from the end of the headers to the end of the body, however steadily it trickles
 *                        (default 5 min)
 * @param idleTimeout     a kept-alive connection with no request in flight (default 60 s)
 */
public record ServerTimeouts(Duration headerTimeout, Duration bodyIdleTimeout, Duration uploadDeadline,
        Duration idleTimeout) {

    public static final ServerTimeouts DEFAULT = new ServerTimeouts(null, null, null, null);

    public ServerTimeouts(@Nullable Duration headerTimeout, @Nullable Duration bodyIdleTimeout,
            @Nullable Duration uploadDeadline, @Nullable Duration idleTimeout) {
        this.headerTimeout = positive(headerTimeout, Duration.ofSeconds(10), "header-timeout");
        this.bodyIdleTimeout = positive(bodyIdleTimeout, Duration.ofSeconds(10), "body-idle-timeout");
        this.uploadDeadline = positive(uploadDeadline, Duration.ofMinutes(5), "upload-deadline");
        this.idleTimeout = positive(idleTimeout, Duration.ofSeconds(60), "idle-timeout");
    }

    private static Duration positive(@Nullable Duration d, Duration absent, String name) {
        if (d == null) {
            return absent;
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("thumbd.server." + name + " must be positive, not " + d);
        }
        return d;
    }
}
