package dev.thumbd.resizer.http;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Bearer tokens for the write endpoints ({@code PUT} and {@code DELETE /v1/images/**}). Only SHA-256 digests of the
 * configured tokens are kept, and a presented token is compared digest to digest in constant time. With no token
 * configured, writes are off (403).
 */
public final class WriteAuthorization {

    private final List<byte[]> digests;

    public WriteAuthorization(List<String> tokens) {
        this.digests = tokens.stream().filter(t -> !t.isBlank()).map(WriteAuthorization::sha256).toList();
    }

    /** Checks an {@code Authorization} header value; throws a 401 or 403 problem when it does not allow writing. */
    public void check(@Nullable String authorization) {
        if (digests.isEmpty()) {
            throw new ProblemException(ProblemType.FORBIDDEN,
                    "Uploads and deletes are switched off on this server (no upload token is configured).");
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ProblemException(ProblemType.UNAUTHORIZED, "Send Authorization: Bearer <upload token>.");
        }
        byte[] presented = sha256(authorization.substring(7).trim());
        boolean ok = false;
        for (byte[] d : digests) {
            ok |= MessageDigest.isEqual(d, presented);
        }
        if (!ok) {
            throw new ProblemException(ProblemType.UNAUTHORIZED, "The upload token is not valid.");
        }
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
