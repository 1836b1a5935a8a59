package dev.thumbd.gateway.filter;

import dev.thumbd.gateway.cache.HotKey;
import dev.thumbd.gateway.cache.HotThumbnail;
import dev.thumbd.gateway.cache.HotThumbnails;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Keeps in {@link HotThumbnails} what a resizer answers to a {@code GET /v1/resize} that
 * {@link HotThumbnailHitFilter} looked up and did not find (it leaves the key of the lookup on the exchange); the
 * hits themselves are answered by that web filter, before any route is looked up.
 *
 * <p>Kept: {@code 200} answers to {@code GET} with a {@code Content-Length} up to the entry limit, cacheable by a
 * shared cache ({@code public}, no {@code no-store}, {@code no-cache} or {@code private}), no {@code Set-Cookie}, and no
 * {@code Vary} but {@code Accept} (and that only when the format is negotiated, which the key then includes). Not
 * looked up: requests with {@code Range}, or with {@code Cache-Control: no-cache} (they still refresh the entry).
 *
 * <p>Runs just before Spring Cloud Gateway's response writer so it can see the body the writer sends.
 */
public final class HotThumbnailFilter implements GlobalFilter, Ordered {

    public static final int ORDER = NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 1;

    /** Response headers that describe one exchange, not the thumbnail: never stored. */
    private static final Set<String> PER_EXCHANGE = Set.of("date", "age", "server-timing", "set-cookie", "connection",
            "keep-alive", "transfer-encoding", "x-trace-id", "traceparent", "x-ratelimit-remaining",
            "x-ratelimit-limit", "x-ratelimit-reset", "x-ratelimit-requested-tokens", "x-ratelimit-burst-capacity",
            "x-ratelimit-replenish-rate", "retry-after", "strict-transport-security");
    static final String SERVER_TIMING_HEADER = "Server-Timing";
    static final String SERVER_TIMING = "cache;desc=gateway";

    private final HotThumbnails cache;

    public HotThumbnailFilter(HotThumbnails cache) {
        this.cache = cache;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        HotThumbnailHitFilter.Lookup lookup = exchange.getAttribute(HotThumbnailHitFilter.LOOKUP_ATTR);
        if (lookup == null || !HttpMethod.GET.equals(exchange.getRequest().getMethod())) {
            return chain.filter(exchange);
        }
        long generation = cache.generation(lookup.key().source());
        ServerHttpResponse keeping = new Keeping(exchange.getResponse(), lookup, generation);
        return chain.filter(exchange.mutate().response(keeping).build());
    }

    /** The response of a miss: passes the body on, and keeps a copy when the answer may be kept. */
    private final class Keeping extends ServerHttpResponseDecorator {
        private final HotKey key;
        private final boolean negotiated;
        private final long generation;

        Keeping(ServerHttpResponse delegate, HotThumbnailHitFilter.Lookup lookup, long generation) {
            super(delegate);
            this.key = lookup.key();
            this.negotiated = lookup.negotiated();
            this.generation = generation;
        }

        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            Duration lifetime = lifetime();
            if (lifetime == null) {
                return super.writeWith(body);
            }
            long length = getHeaders().getContentLength();
            return DataBufferUtils.join(body).flatMap(joined -> {
                byte[] bytes = new byte[joined.readableByteCount()];
                joined.read(bytes);
                DataBufferUtils.release(joined);
                if (bytes.length == length) {
                    cache.put(key, thumbnail(bytes, lifetime), generation);
                }
                return super.writeWith(Mono.just(bufferFactory().wrap(bytes)));
            });
        }

        /** How long this answer may be kept, or null when it may not. */
        private @Nullable Duration lifetime() {
            HttpStatusCode status = getStatusCode();
            HttpHeaders h = getHeaders();
            long length = h.getContentLength();
            if (status == null || status.value() != 200 || length < 0 || !cache.fits(length)
                    || h.getETag() == null || h.containsHeader(HttpHeaders.SET_COOKIE)) {
                return null;
            }
            for (String vary : h.getOrEmpty(HttpHeaders.VARY)) {
                for (String name : vary.split(",")) {
                    String n = name.trim();
                    if (!n.isEmpty() && !(negotiated && n.equalsIgnoreCase(HttpHeaders.ACCEPT))) {
                        return null;
                    }
                }
            }
            long maxAge = sharedMaxAge(h.getFirst(HttpHeaders.CACHE_CONTROL));
            return maxAge <= 0 ? null : cache.ttl().compareTo(Duration.ofSeconds(maxAge)) < 0 ? cache.ttl()
                    : Duration.ofSeconds(maxAge);
        }

        private HotThumbnail thumbnail(byte[] body, Duration lifetime) {
            Map<String, List<String>> kept = new LinkedHashMap<>();
            getHeaders().forEach((name, values) -> {
                if (!PER_EXCHANGE.contains(name.toLowerCase(Locale.ROOT))) {
                    kept.put(name, List.copyOf(values));
                }
            });
            kept.put(SERVER_TIMING_HEADER, List.of(serverTiming(getHeaders().getFirst(SERVER_TIMING_HEADER))));
            return new HotThumbnail(body, kept, getHeaders().getETag(), System.nanoTime(), lifetime);
        }
    }

    /**
     * {@code Server-Timing} of a hit: {@code cache;desc=gateway}, and the resizer's {@code substitute;desc=...} when it
     * answered a degraded thumbnail, so a substitute stays visible as one.
     */
    static String serverTiming(@Nullable String upstream) {
        if (upstream != null) {
            for (String part : upstream.split(",")) {
                String p = part.trim();
                if (p.startsWith("substitute;")) {
                    return SERVER_TIMING + ", " + p;
                }
            }
        }
        return SERVER_TIMING;
    }

    /**
     * Seconds a shared cache may keep an answer by its {@code Cache-Control} ({@code s-maxage}, else {@code max-age}),
     * 0 when it must not ({@code no-store}, {@code no-cache}, {@code private}) or says nothing.
     */
    static long sharedMaxAge(@Nullable String cacheControl) {
        if (cacheControl == null) {
            return 0;
        }
        long maxAge = 0;
        long sMaxAge = -1;
        for (String directive : cacheControl.toLowerCase(Locale.ROOT).split(",")) {
            String d = directive.trim();
            if (d.equals("no-store") || d.startsWith("no-cache") || d.startsWith("private")) {
                return 0;
            }
            if (d.startsWith("max-age=")) {
                maxAge = seconds(d.substring(8));
            } else if (d.startsWith("s-maxage=")) {
                sMaxAge = seconds(d.substring(9));
            }
        }
        return sMaxAge >= 0 ? sMaxAge : maxAge;
    }

    private static long seconds(String v) {
        try {
            return Math.max(0, Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
