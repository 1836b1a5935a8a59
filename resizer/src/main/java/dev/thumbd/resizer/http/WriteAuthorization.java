package dev.thumbd.resizer.http;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Bearer tokens ({@code thumbd.upload.tokens}) for the write and operator endpoints: {@code PUT} and {@code DELETE
 * /v1/images/**}, {@code POST /v1/purge}, {@code /admin/*}. Only SHA-256 digests of the configured tokens are kept,
 * and a presented token is compared digest to digest in constant time. With no token configured, these endpoints are
 * off (403).
 */
public final class WriteAuthorization {

    private final List<byte[]> digests;

    public WriteAuthorization(List<String> tokens) {
        this.digests = tokens.stream().filter(t -> !t.isBlank()).map(WriteAuthorization::sha256).toList();
    }

    /** Checks an {@code Authorization} header value; throws a 401 or 403 problem when it does not allow the request. */
    public void check(@Nullable String authorization) {
        if (digests.isEmpty()) {
            throw new ProblemException(ProblemType.FORBIDDEN,
                    "Writes and administration are switched off on this server (no write token is configured: "
                            + "thumbd.upload.tokens).");
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ProblemException(ProblemType.UNAUTHORIZED, "Send Authorization: Bearer <write token> (thumbd.upload.tokens).");
        }
        byte[] presented = sha256(authorization.substring(7).trim());
        boolean ok = false;
        for (byte[] d : digests) {
            ok |= MessageDigest.isEqual(d, presented);
        }
        if (!ok) {
            throw new ProblemException(ProblemType.UNAUTHORIZED, "The write token is not valid.");
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
