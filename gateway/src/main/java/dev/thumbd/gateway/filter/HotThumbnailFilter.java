package dev.thumbd.gateway.filter;

import dev.thumbd.gateway.cache.HotKey;
import dev.thumbd.gateway.cache.HotThumbnail;
import dev.thumbd.gateway.cache.HotThumbnails;
import dev.thumbd.http.EntityTagMatch;
import dev.thumbd.spec.OutputFormat;
import dev.thumbd.spec.ParsedQuery;
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
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Answers {@code GET}/{@code HEAD /v1/resize} from {@link HotThumbnails} when it holds the thumbnail, after the URL's
 * signature, the rate limit and the canonical form were checked (they all run before this filter), and keeps what a
 * resizer answers otherwise. A hit carries the representation's stored headers, {@code Age}, and
 * {@code Server-Timing: cache;desc=gateway} (with the resizer's {@code substitute;desc=...} for a degraded thumbnail);
 * {@code If-None-Match} is answered with 304 here too.
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
    /** What a 304 repeats of the representation (RFC 9110 section 15.4.5). */
    private static final Set<String> ON_NOT_MODIFIED = Set.of("etag", "cache-control", "vary", "expires",
            "content-location", "surrogate-key", "cache-tag", VariantFilter.HEADER.toLowerCase(Locale.ROOT),
            Headers.REPLICA.toLowerCase(Locale.ROOT));
    private static final String SERVER_TIMING_HEADER = "Server-Timing";
    private static final String SERVER_TIMING = "cache;desc=gateway";

    private final HotThumbnails cache;
    private final VariantFilter variants;

    public HotThumbnailFilter(HotThumbnails cache, VariantFilter variants) {
        this.cache = cache;
        this.variants = variants;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        HttpMethod method = request.getMethod();
        ParsedQuery parsed = exchange.getAttribute(Headers.PARSED_QUERY_ATTR);
        String fingerprint = request.getHeaders().getFirst(Headers.FINGERPRINT);
        if (parsed == null || fingerprint == null || !(HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method))
                || request.getHeaders().containsHeader(HttpHeaders.RANGE) || !keepable(parsed.spec())) {
            return chain.filter(exchange);
        }
        boolean negotiated = parsed.spec().format() == OutputFormat.AUTO;
        String accept = negotiated ? String.join(",", request.getHeaders().getOrEmpty(HttpHeaders.ACCEPT)) : "";
        HotKey key = new HotKey(fingerprint, variants.variantOf(exchange), accept, parsed.spec().source());
        if (!noCache(request.getHeaders())) {
            HotThumbnail hit = cache.get(key);
            if (hit != null) {
                return answer(exchange, hit);
            }
        }
        if (!HttpMethod.GET.equals(method)) {
            return chain.filter(exchange);
        }
        long generation = cache.generation(key.source());
        ServerHttpResponse keeping = new Keeping(exchange.getResponse(), key, negotiated, generation);
        return chain.filter(exchange.mutate().response(keeping).build());
    }

    /**
     * Whether a thumbnail of {@code spec} may be kept here. Not one with an overlay ({@code wm}): the hot thumbnails
     * are dropped by their original's key when it is written, and the overlay's key is another; the resizer binds
     * the overlay's version into its own caches, so such thumbnails are always asked of it.
     */
    static boolean keepable(dev.thumbd.spec.ThumbnailSpec spec) {
        return !spec.overlays();
    }

    private static boolean noCache(HttpHeaders h) {
        String cc = h.getFirst(HttpHeaders.CACHE_CONTROL);
        return (cc != null && cc.toLowerCase(Locale.ROOT).contains("no-cache"))
                || "no-cache".equalsIgnoreCase(h.getFirst(HttpHeaders.PRAGMA));
    }

    private static Mono<Void> answer(ServerWebExchange exchange, HotThumbnail hit) {
        ServerHttpResponse response = exchange.getResponse();
        HttpHeaders out = response.getHeaders();
        boolean notModified = EntityTagMatch.noneMatchFails(
                exchange.getRequest().getHeaders().getFirst(HttpHeaders.IF_NONE_MATCH), hit.etag());
        for (Map.Entry<String, List<String>> h : hit.headers().entrySet()) {
            if (!notModified || ON_NOT_MODIFIED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                out.put(h.getKey(), h.getValue());
            }
        }
        out.set(HttpHeaders.AGE, Long.toString(hit.ageSeconds(System.nanoTime())));
        if (notModified) {
            out.set(SERVER_TIMING_HEADER, SERVER_TIMING);
            response.setStatusCode(HttpStatus.NOT_MODIFIED);
            return response.setComplete();
        }
        response.setStatusCode(HttpStatus.OK);
        if (HttpMethod.HEAD.equals(exchange.getRequest().getMethod())) {
            return response.setComplete();
        }
        return response.writeWith(Mono.just(response.bufferFactory().wrap(hit.body())));
    }

    /** The response of a miss: passes the body on, and keeps a copy when the answer may be kept. */
    private final class Keeping extends ServerHttpResponseDecorator {
        private final HotKey key;
        private final boolean negotiated;
        private final long generation;

        Keeping(ServerHttpResponse delegate, HotKey key, boolean negotiated, long generation) {
            super(delegate);
            this.key = key;
            this.negotiated = negotiated;
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
