package dev.thumbd.gateway.filter;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.thumbd.key.ObjectKey;
import dev.thumbd.spec.ParameterName;
import dev.thumbd.spec.ParsedQuery;
import dev.thumbd.spec.QueryString;
import dev.thumbd.spec.SpecParser;
import java.net.URI;
import java.util.List;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Reads every thumbnail URL with the shared parser before anything is routed: a bad parameter or storage key is a
 * 400 here, not a wasted trip to a resizer. A {@code /v1/resize} request goes upstream with its canonical query only
 * (non-semantic parameters such as {@code utm_*} and the signing parameters dropped) and with its fingerprint as a
 * header, so the CDN, the gateway's replica choice and the resizer's cache agree on one key. Storage keys in
 * {@code src} and in {@code /v1/images/{key}} are checked with the same validator the resizer uses.
 */
public final class CanonicalizeFilter implements GlobalFilter, Ordered {

    public static final int ORDER = -300;

    private static final long MEMO_BYTES = 4L << 20;

    private final SpecParser parser;
    /** Raw query to parsed query and fingerprint: the same URLs come again and again, parsing them costs. */
    private final Cache<String, Canonical> memo = Caffeine.newBuilder().maximumWeight(MEMO_BYTES)
            .weigher((String q, Canonical c) -> 640 + 2 * q.length() + 2 * c.query().length()).build();

    private record Canonical(ParsedQuery parsed, String query, String fingerprint) {
    }

    public CanonicalizeFilter(SpecParser parser) {
        this.parser = parser;
    }

    private Canonical canonical(String rawQuery) {
        Canonical c = memo.getIfPresent(rawQuery);
        if (c == null) {
            ParsedQuery q = parser.parse(rawQuery);
            checkSource(q.spec().source());
            c = new Canonical(q, q.spec().canonicalQuery(), q.spec().fingerprint().hex());
            memo.put(rawQuery, c);
        }
        return c;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return Mono.defer(() -> canonicalize(exchange, chain));
    }

    private Mono<Void> canonicalize(ServerWebExchange exchange, GatewayFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        ServerHttpRequest.Builder upstream = request.mutate().headers(h -> h.remove(Headers.FINGERPRINT));
        String rawQuery = request.getURI().getRawQuery();
        switch (Paths.of(request)) {
            case RESIZE -> {
                Canonical c = canonical(rawQuery == null ? "" : rawQuery);
                exchange.getAttributes().put(Headers.PARSED_QUERY_ATTR, c.parsed());
                URI in = request.getURI();
                URI canonical = URI.create(in.getScheme() + "://" + in.getRawAuthority() + in.getRawPath() + "?" + c.query());
                upstream.uri(canonical).header(Headers.FINGERPRINT, c.fingerprint());
            }
            case INFO, SRCSET -> {
                List<String> src = QueryString.decode(rawQuery == null ? "" : rawQuery).get(ParameterName.SRC);
                if (src != null && src.size() == 1) {
                    checkSource(src.getFirst());
                }
            }
            case IMAGES -> ObjectKey.parse(request.getPath().value().substring(Paths.IMAGES_PREFIX.length()), "key");
            default -> {
            }
        }
        return chain.filter(exchange.mutate().request(upstream.build()).build());
    }

    /** A storage key must pass the shared validator; remote URLs are the resizer's to allow or refuse. */
    private static void checkSource(String src) {
        if (!src.startsWith("https://") && !src.startsWith("http://")) {
            ObjectKey.parse(src);
        }
    }
}
