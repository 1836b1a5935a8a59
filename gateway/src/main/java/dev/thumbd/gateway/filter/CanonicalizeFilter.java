package dev.thumbd.gateway.filter;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.thumbd.http.Endpoint;
import dev.thumbd.key.ObjectKey;
import dev.thumbd.spec.ParameterName;
import dev.thumbd.spec.ParsedQuery;
import dev.thumbd.spec.QueryString;
import dev.thumbd.spec.SpecParser;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Reads every thumbnail URL with the shared parser before anything is routed (a web filter: it runs before the
 * route lookup, so the hot thumbnails answered by {@link HotThumbnailHitFilter} pay for no routing): a bad parameter
 * or storage key is a 400 here, not a wasted trip to a resizer. A {@code /v1/resize} request goes upstream with its
 * canonical query (non-semantic parameters such as {@code utm_*} dropped) followed by its signing parameters (so a
 * resizer with signing keys checks the signature again), and with its fingerprint as a header, so the CDN, the
 * gateway's replica choice and the resizer's cache agree on one key. Every other request goes upstream with its
 * query decoded here and encoded in the one spelling of {@link QueryString#encode(Map)}, so the resizer reads exactly
 * the parameters checked here. Storage keys in {@code src} (decoded once, by the query) and in
 * {@code /v1/images/{key}} (decoded once, from the canonical path) are checked with the same rule the resizer uses
 * ({@link ObjectKey}).
 */
public final class CanonicalizeFilter implements WebFilter, Ordered {

    /** Right after the path check, before the route lookup: every later step reads its result. */
    public static final int ORDER = RequestPathFilter.ORDER + 1;

    private static final long MEMO_BYTES = 4L << 20;

    private final SpecParser parser;
    private final ApiServer apiServer;
    /** Raw query to parsed query and fingerprint: the same URLs come again and again, parsing them costs. */
    private final Cache<String, Canonical> memo = Caffeine.newBuilder().maximumWeight(MEMO_BYTES)
            .weigher((String q, Canonical c) -> 640 + 2 * q.length() + 2 * c.query().length()).build();

    private record Canonical(ParsedQuery parsed, String query, String fingerprint) {
    }

    public CanonicalizeFilter(SpecParser parser, ApiServer apiServer) {
        this.parser = parser;
        this.apiServer = apiServer;
    }

    private Canonical canonical(String rawQuery) {
        Canonical c = memo.getIfPresent(rawQuery);
        if (c == null) {
            ParsedQuery q = parser.parse(rawQuery);
            c = new Canonical(q, q.upstreamQuery(), q.spec().fingerprint().hex());
            memo.put(rawQuery, c);
        }
        return c;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return Mono.defer(() -> canonicalize(exchange, chain));
    }

    private Mono<Void> canonicalize(ServerWebExchange exchange, WebFilterChain chain) {
        if (!apiServer.routes(exchange)) {
            // no route: a 404 (on the management server nothing is routed, /v1 included); with no parsed query on
            // the exchange, the signature, quarantine and hot-thumbnail filters leave it alone too
            return chain.filter(exchange);
        }
        ServerHttpRequest request = exchange.getRequest();
        ServerHttpRequest.Builder upstream = request.mutate().headers(h -> h.remove(Headers.FINGERPRINT));
        String rawQuery = request.getURI().getRawQuery() == null ? "" : request.getURI().getRawQuery();
        Endpoint endpoint = Paths.of(request);
        if (endpoint == Endpoint.RESIZE) {
            Canonical c = canonical(rawQuery);
            exchange.getAttributes().put(Headers.PARSED_QUERY_ATTR, c.parsed());
            exchange.getAttributes().put(Headers.FINGERPRINT_ATTR, c.fingerprint());
            upstream.uri(withQuery(request.getURI(), c.query())).header(Headers.FINGERPRINT, c.fingerprint());
            return chain.filter(exchange.mutate().request(upstream.build()).build());
        }
        Map<String, List<String>> query = QueryString.decode(rawQuery);
        switch (endpoint) {
            case INFO -> exchange.getAttributes().put(Headers.INFO_QUERY_ATTR, info(query));
            case SRCSET -> {
                List<String> src = query.get(ParameterName.SRC);
                if (src != null && src.size() == 1 && !ObjectKey.isUrl(src.getFirst())) {
                    ObjectKey.of(src.getFirst());
                }
            }
            case IMAGES -> ObjectKey.parse(request.getPath().value().substring(Paths.IMAGES_PREFIX.length()), "key");
            default -> {
            }
        }
        if (!rawQuery.isEmpty()) {
            upstream.uri(withQuery(request.getURI(), QueryString.encode(query)));
        }
        return chain.filter(exchange.mutate().request(upstream.build()).build());
    }

    /**
     * {@code /v1/info?src=}: its source as a spec (so a signature over it can be checked like a thumbnail's) and its
     * signing parameters; any other parameter is left to the resizer's 400.
     */
    private ParsedQuery info(Map<String, List<String>> query) {
        Map<String, List<String>> known = new LinkedHashMap<>();
        query.forEach((name, values) -> {
            if (name.equals(ParameterName.SRC) || ParameterName.isSigning(name)) {
                known.put(name, values);
            }
        });
        return parser.parse(known);
    }

    private static URI withQuery(URI in, String query) {
        return URI.create(in.getScheme() + "://" + in.getRawAuthority() + in.getRawPath()
                + (query.isEmpty() ? "" : "?" + query));
    }
}
