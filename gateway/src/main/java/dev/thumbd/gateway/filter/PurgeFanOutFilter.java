package dev.thumbd.gateway.filter;

import dev.thumbd.key.ObjectKey;
import dev.thumbd.spec.ParameterName;
import dev.thumbd.spec.QueryString;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps every replica's caches, and this gateway's own, true to the store. The thumbnails of one original are spread over all replicas (each
 * size lands where its fingerprint hashes), but an upload, a delete or a purge reaches one replica, which purges its
 * own levels and the shared L3. After such a request succeeds, this sends {@code POST /v1/purge?src=} to every other
 * replica of both pools, in the background: the client's answer does not wait for it, and a replica that cannot be
 * reached is logged (it will have dropped its memory anyway if it restarted). The gateways' hot thumbnails of that
 * original are dropped when the write's answer is committed (before the client sees it) and again once the fan-out
 * is over, so a thumbnail another replica served from its not yet purged memory in between is not kept.
 */
public final class PurgeFanOutFilter implements GlobalFilter, Ordered {

    public static final int ORDER = ApiKeyFilter.ORDER + 1;
    private static final Logger LOG = LoggerFactory.getLogger(PurgeFanOutFilter.class);

    private final Supplier<Flux<URI>> replicas;
    private final @Nullable String resizerToken;
    private final WebClient http;
    private final Consumer<String> written;

    /**
     * @param replicas every replica of every pool now, from the same source the load balancer uses
     * @param written  drops the hot thumbnails of a written original, in this gateway and, when configured, in the
     *                 others ({@code HotThumbnails}, {@code RedisInvalidations})
     */
    public PurgeFanOutFilter(Supplier<Flux<URI>> replicas, @Nullable String resizerToken, WebClient http,
            Consumer<String> written) {
        this.written = written;
        this.replicas = replicas;
        this.resizerToken = resizerToken;
        this.http = http;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        String source = purgedSource(exchange.getRequest());
        if (source == null) {
            return chain.filter(exchange);
        }
        // before the client can see the answer, so its next read through this gateway is never an old thumbnail
        exchange.getResponse().beforeCommit(() -> {
            if (succeeded(exchange)) {
                written.accept(source);
            }
            return Mono.empty();
        });
        return chain.filter(exchange).doOnSuccess(v -> {
            if (succeeded(exchange)) {
                String served = exchange.getAttribute(Headers.REPLICA_ATTR);
                fanOut(source, served).doFinally(signal -> written.accept(source)).subscribe();
            }
        });
    }

    private static boolean succeeded(ServerWebExchange exchange) {
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        return status != null && status.is2xxSuccessful();
    }

    /** The original an upload, delete or purge changes, or null for any other request. */
    static @Nullable String purgedSource(ServerHttpRequest request) {
        HttpMethod m = request.getMethod();
        return switch (Paths.of(request)) {
            case IMAGES -> HttpMethod.PUT.equals(m) || HttpMethod.DELETE.equals(m)
                    ? ObjectKey.parse(request.getPath().value().substring(Paths.IMAGES_PREFIX.length()), "key").value()
                    : null;
            case PURGE -> {
                List<String> src = QueryString.decode(request.getURI().getRawQuery() == null ? ""
                        : request.getURI().getRawQuery()).get(ParameterName.SRC);
                yield HttpMethod.POST.equals(m) && src != null && src.size() == 1 ? src.getFirst() : null;
            }
            default -> null;
        };
    }

    private Mono<Void> fanOut(String source, @Nullable String served) {
        String query = "?src=" + QueryString.encode(source, true);
        return replicas.get()
                .filter(r -> !(r.getHost() + ":" + r.getPort()).equals(served))
                .flatMap(r -> http.post().uri(URI.create(r + "/v1/purge" + query))
                        .headers(h -> {
                            if (resizerToken != null) {
                                h.setBearerAuth(resizerToken);
                            }
                        })
                        .retrieve().toBodilessEntity().timeout(Duration.ofSeconds(5))
                        .doOnError(e -> LOG.warn("purge of {} on {} failed: {}", source, r, e.toString()))
                        .onErrorResume(e -> Mono.empty()))
                .then();
    }
}
