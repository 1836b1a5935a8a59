package dev.thumbd.gateway.filter;

import dev.thumbd.gateway.ratelimit.FailedAttempts;
import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
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
 * configured, and every digest is compared in constant time ({@link ApiKeys}). A valid key is replaced upstream by
 * the gateway's own resizer token; on every other request any credential the client sent is removed before it
 * reaches a resizer. Failed attempts are counted per client ({@link FailedAttempts}): a client out of failures gets
 * 429 {@code rate-limited} before its next key is compared.
 */
public final class ApiKeyFilter implements GlobalFilter, Ordered {

    public static final int ORDER = -250;

    private final ApiKeys keys;
    private final @Nullable String resizerToken;
    private final FailedAttempts failures;
    private final ClientAddress clients;

    /**
     * @param resizerToken the write token presented to the resizers for an authenticated request
     * @param failures     failed attempts per client address
     */
    public ApiKeyFilter(ApiKeys keys, @Nullable String resizerToken, FailedAttempts failures, ClientAddress clients) {
        this.keys = keys;
        this.resizerToken = resizerToken;
        this.failures = failures;
        this.clients = clients;
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
            String client = clients.of(exchange.getRequest());
            if (failures.blocked(client)) {
                throw new RateLimitFilter.RateLimitedException(failures.retryAfterSeconds(),
                        "Too many failed API-key attempts from this client; retry after "
                                + failures.retryAfterSeconds() + " s.");
            }
            String key = ApiKeys.presented(in);
            if (key == null) {
                failures.failed(client);
                throw new ProblemException(ProblemType.UNAUTHORIZED,
                        "An API key is required here (X-Api-Key or Authorization: Bearer).");
            }
            String id = keys.idOf(key);
            if (id == null) {
                failures.failed(client);
                throw new ProblemException(ProblemType.FORBIDDEN, "The API key is not valid.");
            }
            exchange.getAttributes().put(Headers.API_KEY_ID_ATTR, id);
            return chain.filter(exchange.mutate().request(r -> r.headers(h -> {
                h.remove(Headers.API_KEY);
                h.remove(HttpHeaders.AUTHORIZATION);
                if (resizerToken != null) {
                    h.setBearerAuth(resizerToken);
                }
            })).build());
        });
    }

    /** SHA-256 of a key's UTF-8 bytes ({@link ApiKeys#sha256}). */
    public static byte[] sha256(String key) {
        return ApiKeys.sha256(key);
    }
}
