package dev.thumbd.resizer.http;

import dev.thumbd.resizer.service.Rendition;
import dev.thumbd.resizer.service.ThumbnailService;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ZeroCopyHttpOutputMessage;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * A thumbnail (or its 304) written straight onto the exchange: headers go to the server's own header map once, the
 * bytes of an L1 hit are wrapped without copying, and an L2 file is sent with zero-copy where the server supports it.
 * This is the hottest path of the service; the general {@code ServerResponse} builder copies headers between maps and
 * looks up a body writer for every response.
 */
final class ThumbnailResponse implements ServerResponse {

    /** Sent as {@code still} when an animation was made a still only because this server cannot write it. */
    static final String ANIMATION_HEADER = "X-Thumbd-Animation";

    private final boolean notModified;
    private final @Nullable Rendition rendition;
    private final String etag;
    private final String cacheControl;
    private final @Nullable String cdnCacheControl;
    private final String serverTiming;
    private final String surrogateKey;
    private final boolean negotiated;

    ThumbnailResponse(boolean notModified, Rendition rendition, String cacheControl, @Nullable String cdnCacheControl,
            String serverTiming, String surrogateKey, boolean negotiated) {
        this.notModified = notModified;
        this.rendition = rendition;
        this.etag = rendition.etag();
        this.cacheControl = cacheControl;
        this.cdnCacheControl = cdnCacheControl;
        this.serverTiming = serverTiming;
        this.surrogateKey = surrogateKey;
        this.negotiated = negotiated;
    }

    private ThumbnailResponse(String etag, String cacheControl, @Nullable String cdnCacheControl, String serverTiming,
            String surrogateKey, boolean negotiated) {
        this.notModified = true;
        this.rendition = null;
        this.etag = etag;
        this.cacheControl = cacheControl;
        this.cdnCacheControl = cdnCacheControl;
        this.serverTiming = serverTiming;
        this.surrogateKey = surrogateKey;
        this.negotiated = negotiated;
    }

    /** A 304 for a thumbnail known only by its ETag (a conditional request that matched it: nothing was rendered). */
    static ThumbnailResponse validated(String etag, String cacheControl, @Nullable String cdnCacheControl,
            String serverTiming, String surrogateKey, boolean negotiated) {
        return new ThumbnailResponse(etag, cacheControl, cdnCacheControl, serverTiming, surrogateKey, negotiated);
    }

    @Override
    public HttpStatusCode statusCode() {
        return notModified ? HttpStatus.NOT_MODIFIED : HttpStatus.OK;
    }

    /** A copy of the headers this response writes (the write itself does not go through it). */
    @Override
    public HttpHeaders headers() {
        HttpHeaders h = new HttpHeaders();
        forEachHeader(h::set);
        return HttpHeaders.readOnlyHttpHeaders(h);
    }

    @Override
    public MultiValueMap<String, ResponseCookie> cookies() {
        return new LinkedMultiValueMap<>();
    }

    private void forEachHeader(BiConsumer<String, String> out) {
        out.accept(HttpHeaders.ETAG, etag);
        out.accept(HttpHeaders.CACHE_CONTROL, cacheControl);
        if (cdnCacheControl != null) {
            out.accept(CachePolicy.CDN_CACHE_CONTROL, cdnCacheControl);
        }
        out.accept("Server-Timing", serverTiming);
        out.accept("Surrogate-Key", surrogateKey);
        out.accept("Cache-Tag", surrogateKey.replace(' ', ','));   // Cache-Tag separates its tags by commas
        out.accept("X-Content-Type-Options", "nosniff");
        if (negotiated) {
            out.accept(HttpHeaders.VARY, HttpHeaders.ACCEPT);
        }
        if (rendition != null && ThumbnailService.STILL_OF_ANIMATION.equals(rendition.degradation())) {
            out.accept(ANIMATION_HEADER, "still");
        }
        if (!notModified && rendition != null) {
            out.accept(HttpHeaders.CONTENT_TYPE, rendition.format().mediaType());
            out.accept(HttpHeaders.CONTENT_LENGTH, Long.toString(rendition.length()));
        }
    }

    @Override
    public Mono<Void> writeTo(ServerWebExchange exchange, Context context) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(statusCode());
        HttpHeaders h = response.getHeaders();
        forEachHeader(h::set);
        if (notModified || rendition == null || HttpMethod.HEAD.equals(exchange.getRequest().getMethod())) {
            return response.setComplete();
        }
        return write(response, rendition);
    }

    private static Mono<Void> write(ServerHttpResponse response, Rendition r) {
        return switch (r) {
            case Rendition.InMemory m -> response.writeWith(Mono.just(response.bufferFactory().wrap(m.variant().data())));
            case Rendition.OnDisk d -> sendFile(response, d);
            case Rendition.Substitute s -> write(response, s.served());
        };
    }

    private static Mono<Void> sendFile(ServerHttpResponse response, Rendition.OnDisk d) {
        if (response instanceof ZeroCopyHttpOutputMessage zeroCopy) {
            return zeroCopy.writeWith(d.entry().file(), 0, d.length());
        }
        return response.writeWith(DataBufferUtils.read(d.entry().file(), response.bufferFactory(), 16 * 1024));
    }
}
