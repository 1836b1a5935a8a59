package dev.thumbd.gateway.filter;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * API keys for writes ({@code PUT|DELETE /v1/images/**}), signed-URL grants ({@code /v1/srcset}) and administration.
 * The key comes as {@code X-Api-Key} or {@code Authorization: Bearer}; only SHA-256 digests of valid keys are
 * configured, and every digest is compared in constant time. A valid key is replaced upstream by the gateway's own
 * resizer token; on every other request any credential the client sent is removed before it reaches a resizer.
 */
public final class ApiKeyFilter implements GlobalFilter, Ordered {

    public static final int ORDER = CanonicalizeFilter.ORDER + 50;

    private final List<byte[]> digests;
    private final @Nullable String resizerToken;

    /**
     * @param sha256HexDigests SHA-256 hex digests of the accepted keys
     * @param resizerToken     the write token presented to the resizers for an authenticated request
     */
    public ApiKeyFilter(List<String> sha256HexDigests, @Nullable String resizerToken) {
        this.digests = sha256HexDigests.stream().map(d -> HexFormat.of().parseHex(d.strip().toLowerCase())).toList();
        for (byte[] d : digests) {
            if (d.length != 32) {
                throw new IllegalArgumentException("thumbd.gateway.api-keys holds SHA-256 hex digests (64 hex digits)");
            }
        }
        this.resizerToken = resizerToken;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return Mono.defer(() -> {
            HttpHeaders in = exchange.getRequest().getHeaders();
            if (!Paths.needsApiKey(exchange.getRequest())) {
                if (!in.containsHeader(HttpHeaders.AUTHORIZATION) && !in.containsHeader(Headers.API_KEY)) {
                    return chain.filter(exchange);
                }
                return chain.filter(exchange.mutate().request(r -> r.headers(h -> {
                    h.remove(HttpHeaders.AUTHORIZATION);
                    h.remove(Headers.API_KEY);
                })).build());
            }
            String key = presented(in);
            if (key == null) {
                throw new ProblemException(ProblemType.UNAUTHORIZED,
                        "An API key is required here (X-Api-Key or Authorization: Bearer).");
            }
            byte[] digest = sha256(key);
            boolean ok = false;
            for (byte[] d : digests) {
                ok |= MessageDigest.isEqual(d, digest);
            }
            if (!ok) {
                throw new ProblemException(ProblemType.FORBIDDEN, "The API key is not valid.");
            }
            exchange.getAttributes().put(Headers.API_KEY_ID_ATTR, HexFormat.of().formatHex(digest, 0, 6));
            return chain.filter(exchange.mutate().request(r -> r.headers(h -> {
                h.remove(Headers.API_KEY);
                h.remove(HttpHeaders.AUTHORIZATION);
                if (resizerToken != null) {
                    h.setBearerAuth(resizerToken);
                }
            })).build());
        });
    }

    private static @Nullable String presented(HttpHeaders h) {
        String key = h.getFirst(Headers.API_KEY);
        if (key != null && !key.isBlank()) {
            return key.strip();
        }
        String auth = h.getFirst(HttpHeaders.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) && auth.length() > 7) {
            return auth.substring(7).strip();
        }
        return null;
    }

    /** SHA-256 of a key's UTF-8 bytes: what {@code thumbd.gateway.api-keys} lists ({@code printf %s KEY | sha256sum}). */
    public static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
