package dev.thumbd.gateway.filter;

import dev.thumbd.gateway.cache.HotKey;
import dev.thumbd.gateway.cache.HotThumbnail;
import dev.thumbd.gateway.cache.HotThumbnails;
import dev.thumbd.http.EntityTagMatch;
import dev.thumbd.spec.OutputFormat;
import dev.thumbd.spec.ParsedQuery;
import dev.thumbd.spec.ThumbnailSpec;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Answers {@code GET}/{@code HEAD /v1/resize} from {@link HotThumbnails} when it holds the thumbnail
 * (docs/GATEWAY.md#hot-thumbnails). A web filter, the last of them: it runs after the rate limit, the path check, the
 * canonical form, the signature and the quarantine (all web filters too), and before Spring Cloud Gateway looks up a
 * route, so a hit costs no routing. A hit carries the representation's stored headers, {@code Age}, and
 * {@code Server-Timing: cache;desc=gateway} (with the resizer's {@code substitute;desc=...} for a degraded thumbnail);
 * {@code If-None-Match} is answered with 304 here too.
 *
 * <p>Not looked up: requests with {@code Range}, thumbnails with an overlay, or requests with
 * {@code Cache-Control: no-cache} (a GET of those still refreshes the entry). A lookup that misses leaves its key on
 * the exchange ({@link #LOOKUP_ATTR}) for {@link HotThumbnailFilter}, which keeps the resizer's answer: the key is
 * decided once, here.
 */
public final class HotThumbnailHitFilter implements WebFilter, Ordered {

    public static final int ORDER = QuarantineFilter.ORDER + 1;
    /** The exchange attribute holding the {@link Lookup} of a request whose answer may be kept. */
    public static final String LOOKUP_ATTR = "thumbd.hotLookup";

    /** What a 304 repeats of the representation (RFC 9110 section 15.4.5). */
    private static final Set<String> ON_NOT_MODIFIED = Set.of("etag", "cache-control", "vary", "expires",
            "content-location", "surrogate-key", "cache-tag", VariantFilter.HEADER.toLowerCase(Locale.ROOT),
            Headers.REPLICA.toLowerCase(Locale.ROOT));

    /** The key of one lookup, and whether the format was negotiated (then {@code Vary: Accept} may be kept). */
    public record Lookup(HotKey key, boolean negotiated) {
    }

    private final HotThumbnails cache;
    private final VariantFilter variants;

    public HotThumbnailHitFilter(HotThumbnails cache, VariantFilter variants) {
        this.cache = cache;
        this.variants = variants;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        HttpMethod method = request.getMethod();
        ParsedQuery parsed = exchange.getAttribute(Headers.PARSED_QUERY_ATTR);
        String fingerprint = exchange.getAttribute(Headers.FINGERPRINT_ATTR);
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
        exchange.getAttributes().put(LOOKUP_ATTR, new Lookup(key, negotiated));
        return chain.filter(exchange);
    }

    /**
     * Whether a thumbnail of {@code spec} may be kept here. Not one with an overlay ({@code wm}): the hot thumbnails
     * are dropped by their original's key when it is written, and the overlay's key is another; the resizer binds
     * the overlay's version into its own caches, so such thumbnails are always asked of it.
     */
    static boolean keepable(ThumbnailSpec spec) {
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
            out.set(HotThumbnailFilter.SERVER_TIMING_HEADER, HotThumbnailFilter.SERVER_TIMING);
            response.setStatusCode(HttpStatus.NOT_MODIFIED);
            return response.setComplete();
        }
        response.setStatusCode(HttpStatus.OK);
        if (HttpMethod.HEAD.equals(exchange.getRequest().getMethod())) {
            return response.setComplete();
        }
        return response.writeWith(Mono.just(response.bufferFactory().wrap(hit.body())));
    }
}
