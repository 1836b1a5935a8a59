package dev.thumbd.gateway.routing;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import reactor.netty.http.client.PrematureCloseException;

/**
 * How a request to a resizer replica failed, read once from the exception chain: the replica health book-keeping,
 * the quarantine of poison pills and the problem answered to the client all go by this one classification.
 */
public enum UpstreamFailure {
    /**
     * No connection: the replica is not listening (it is down or not started), or its name no longer resolves (a
     * container or pod that is gone takes its DNS name with it). Nothing was sent: safe to try another one.
     */
    CONNECT,
    /** The gateway stopped waiting for the answer (the route's response timeout). */
    TIMEOUT,
    /** The replica closed or reset an accepted connection before it answered: it died while working on it. */
    DIED_MID_REQUEST,
    /** Anything else. */
    OTHER;

    /** The failure {@code e} (or any of its causes) says, the first of this enum's order that applies. */
    public static UpstreamFailure of(Throwable e) {
        boolean timeout = false;
        boolean died = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException) {
                return CONNECT;
            }
            timeout |= t instanceof TimeoutException;
            died |= t instanceof PrematureCloseException
                    || t instanceof IOException && t.getMessage() != null && t.getMessage().contains("reset");
        }
        return timeout ? TIMEOUT : died ? DIED_MID_REQUEST : OTHER;
    }
}
