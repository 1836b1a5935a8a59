package dev.thumbd.resizer.http;

import dev.thumbd.resizer.cache.VariantKey;
import dev.thumbd.resizer.negotiation.AcceptHeader;
import dev.thumbd.resizer.negotiation.FormatBucket;
import dev.thumbd.resizer.pipeline.StageTimings;
import dev.thumbd.resizer.service.Rendition;
import dev.thumbd.resizer.service.RenderRequest;
import dev.thumbd.resizer.service.ThumbnailService;
import dev.thumbd.spec.SpecParser;
import dev.thumbd.spec.ThumbnailSpec;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET|HEAD /v1/resize}: parse the canonical spec, reduce {@code Accept} to a format bucket, render through the
 * caches within the deadline, and answer with validators and caching headers (or 304).
 *
 * <p>Headers on every thumbnail: {@code ETag} (strong), {@code Cache-Control}, {@code Vary: Accept} when {@code fmt}
 * is negotiated (on 304 too), {@code Server-Timing} (the level that answered, each pipeline stage on a miss, and the
 * total), {@code Surrogate-Key} and {@code Cache-Tag} naming the original (so a CDN can purge all its variants),
 * {@code Content-Type}, {@code Content-Length} and {@code X-Content-Type-Options: nosniff}.
 */
public final class ResizeHandler {

    private final SpecParser parser;
    private final ThumbnailService service;
    private final CachePolicy cachePolicy;

    public ResizeHandler(SpecParser parser, ThumbnailService service, CachePolicy cachePolicy) {
        this.parser = parser;
        this.service = service;
        this.cachePolicy = cachePolicy;
    }

    public Mono<ServerResponse> resize(ServerRequest request) {
        String rawQuery = request.uri().getRawQuery();
        ThumbnailSpec spec = parser.parse(rawQuery == null ? "" : rawQuery).spec();
        FormatBucket bucket = FormatBucket.of(AcceptHeader.parse(request.headers().firstHeader(HttpHeaders.ACCEPT)));
        RenderRequest render = new RenderRequest(spec, bucket);
        return service.render(render).flatMap(r -> respond(request, render, r));
    }

    private Mono<ServerResponse> respond(ServerRequest request, RenderRequest render, Rendition r) {
        boolean notModified = EntityTagMatch.noneMatchFails(
                request.headers().firstHeader(HttpHeaders.IF_NONE_MATCH), r.etag());
        ServerResponse.BodyBuilder b = ServerResponse.status(notModified ? HttpStatus.NOT_MODIFIED : HttpStatus.OK)
                .header(HttpHeaders.ETAG, r.etag())
                .header(HttpHeaders.CACHE_CONTROL, cachePolicy.forThumbnail())
                .header("Server-Timing", serverTiming(r))
                .header("Surrogate-Key", surrogateKey(render))
                .header("Cache-Tag", surrogateKey(render))
                .header("X-Content-Type-Options", "nosniff");
        if (render.negotiated()) {
            b.header(HttpHeaders.VARY, HttpHeaders.ACCEPT);
        }
        if (notModified) {
            return b.build();
        }
        b.header(HttpHeaders.CONTENT_TYPE, r.format().mediaType()).contentLength(r.length());
        return switch (r) {
            case Rendition.InMemory m -> b.bodyValue(m.variant().data());
            case Rendition.OnDisk d -> b.body(BodyInserters.fromResource(new FileSystemResource(d.entry().file())));
        };
    }

    /** {@code src-} and the first 32 hex digits of the SHA-256 of {@code src}: safe in any header, stable. */
    static String surrogateKey(RenderRequest render) {
        return "src-" + VariantKey.sourceId(render.spec().source()).substring(0, 32);
    }

    static String serverTiming(Rendition r) {
        StringBuilder b = new StringBuilder(128);
        b.append("cache;desc=").append(r.level().token());
        if (r instanceof Rendition.InMemory m && m.timings() != null) {
            StageTimings t = m.timings();
            String stages = t.toServerTiming();
            if (!stages.isEmpty()) {
                b.append(", ").append(stages);
            }
        }
        b.append(", total;dur=");
        millis(b, r.nanos());
        return b.toString();
    }

    /** Appends nanoseconds as milliseconds with two decimals ({@code 1.05}), without the cost of a formatter. */
    static void millis(StringBuilder b, long nanos) {
        long hundredths = (nanos + 5_000) / 10_000;
        b.append(hundredths / 100).append('.');
        long frac = hundredths % 100;
        if (frac < 10) {
            b.append('0');
        }
        b.append(frac);
    }
}
