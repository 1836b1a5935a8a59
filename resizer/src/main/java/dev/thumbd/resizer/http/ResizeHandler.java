package dev.thumbd.resizer.http;

import dev.thumbd.http.EntityTagMatch;
import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.negotiation.AcceptHeader;
import dev.thumbd.resizer.negotiation.FormatBucket;
import dev.thumbd.resizer.pipeline.StageTimings;
import dev.thumbd.resizer.service.Rendition;
import dev.thumbd.resizer.service.RenderRequest;
import dev.thumbd.resizer.service.ThumbnailService;
import dev.thumbd.resizer.tracing.StageSpans;
import dev.thumbd.spec.SpecParser;
import io.opentelemetry.context.Context;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET|HEAD /v1/resize}: parse the canonical spec, check its signature when signing keys are configured
 * ({@link SignatureCheck}), reduce {@code Accept} to a format bucket, render through the
 * caches within the deadline, and answer with validators and caching headers (or 304). A conditional request for a
 * thumbnail that is not in L1 is first checked against the ETag a render would carry ({@link
 * ThumbnailService#validator}: the original's version from its metadata): when it matches, 304 without reading the
 * original or rendering anything.
 *
 * <p>Headers on every thumbnail: {@code ETag} (strong), {@code Cache-Control}, {@code Vary: Accept} when {@code fmt}
 * is negotiated (on 304 too), {@code Server-Timing} (the level that answered, each pipeline stage on a miss, and the
 * total), {@code Surrogate-Key} and {@code Cache-Tag} naming the original (so a CDN can purge all its variants),
 * {@code Content-Type}, {@code Content-Length} and {@code X-Content-Type-Options: nosniff}.
 */
public final class ResizeHandler {

    private final ResolvedSpecs specs;
    private final ThumbnailService service;
    /**
     * The exchange attribute naming the original of a {@code /v1/resize} request once its query is parsed: a
     * cacheable error (404 of a missing original) carries it as {@code Surrogate-Key}, so an upload purges it from
     * the CDN too ({@link ProblemExceptionHandler}).
     */
    public static final String SURROGATE_KEY = ResizeHandler.class.getName() + ".surrogateKey";

    private final String cacheControl;
    private final @Nullable String cdnCacheControl;
    private final String substituteCacheControl;
    private final StageSpans stageSpans;
    private final SignatureCheck signatures;
    private final FallbackImages fallbacks;

    /**
     * @param specMemoBytes bound of the memo of parsed queries
     * @param stageSpans    where a computed thumbnail's stages become spans of the request's trace
     * @param fallbacks     images served in place of missing originals ({@link FallbackImages#NONE}: 404s)
     */
    public ResizeHandler(SpecParser parser, ThumbnailService service, CachePolicy cachePolicy, long specMemoBytes,
            StageSpans stageSpans, SignatureCheck signatures, FallbackImages fallbacks) {
        this.fallbacks = fallbacks;
        this.signatures = signatures;
        this.specs = new ResolvedSpecs(parser, specMemoBytes);
        this.stageSpans = stageSpans;
        this.service = service;
        this.cacheControl = cachePolicy.forThumbnail();
        this.cdnCacheControl = cachePolicy.forCdn();
        this.substituteCacheControl = cachePolicy.forSubstitute();
    }

    public Mono<ServerResponse> resize(ServerRequest request) {
        String rawQuery = request.uri().getRawQuery();
        ResolvedSpecs.Resolved resolved = specs.resolve(rawQuery == null ? "" : rawQuery);
        signatures.required(request.requestPath().value(), resolved.spec(), resolved.signing());
        request.exchange().getAttributes().put(SURROGATE_KEY, resolved.surrogateKey());
        FormatBucket bucket = FormatBucket.of(AcceptHeader.parse(request.headers().firstHeader(HttpHeaders.ACCEPT)));
        RenderRequest render = new RenderRequest(resolved.spec(), resolved.fingerprintHex(), bucket);
        String ifNoneMatch = request.headers().firstHeader(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null && !service.inMemory(render)) {
            // revalidation without rendering: the ETag follows from the original's version (docs/HTTP.md#validators)
            long t0 = System.nanoTime();
            return service.validator(render)
                    .filter(etag -> EntityTagMatch.noneMatchFails(ifNoneMatch, etag))
                    .map(etag -> (ServerResponse) ThumbnailResponse.validated(etag, cacheControl, cdnCacheControl,
                            validatedTiming(System.nanoTime() - t0), resolved.surrogateKey(), render.negotiated()))
                    .switchIfEmpty(Mono.defer(() -> render(request, render, resolved)));
        }
        return render(request, render, resolved);
    }

    private Mono<ServerResponse> render(ServerRequest request, RenderRequest render, ResolvedSpecs.Resolved resolved) {
        Context trace = StageSpans.current();
        Mono<ServerResponse> made = service.render(render).map(r -> {
            StageTimings stages = r.stageTimings();
            if (stages != null) {
                stageSpans.record(trace, stages, r.format().token());
            }
            return respond(request, render, resolved.surrogateKey(), r);
        });
        return fallbacks.forSource(render.spec().source())
                .map(key -> made.onErrorResume(e -> e instanceof ProblemException p
                        && p.type() == ProblemType.SOURCE_NOT_FOUND, e -> fallback(request, render, resolved, key)))
                .orElse(made);
    }

    /**
     * The same thumbnail of the configured fallback image, for a missing original: a minute at most in any cache (the
     * original may be uploaded any time; its upload purges the missing key's surrogate key, which this answer
     * carries), no {@code CDN-Cache-Control}, and {@link FallbackImages#HEADER} naming what was served. The fallback's
     * own thumbnail is cached under its own key, never under the missing one.
     */
    private Mono<ServerResponse> fallback(ServerRequest request, RenderRequest missing,
            ResolvedSpecs.Resolved resolved, String key) {
        RenderRequest instead = new RenderRequest(missing.spec().toBuilder().source(key).build(), missing.bucket());
        return service.render(instead).map(r -> {
            request.exchange().getResponse().getHeaders().set(FallbackImages.HEADER, key);
            boolean notModified = EntityTagMatch.noneMatchFails(
                    request.headers().firstHeader(HttpHeaders.IF_NONE_MATCH), r.etag());
            return (ServerResponse) new ThumbnailResponse(notModified, r, substituteCacheControl, null,
                    serverTiming(r), resolved.surrogateKey(), missing.negotiated());
        });
    }

    private ServerResponse respond(ServerRequest request, RenderRequest render, String surrogateKey, Rendition r) {
        boolean notModified = EntityTagMatch.noneMatchFails(
                request.headers().firstHeader(HttpHeaders.IF_NONE_MATCH), r.etag());
        boolean substitute = r.degradation() != null;
        return new ThumbnailResponse(notModified, r, substitute ? substituteCacheControl : cacheControl,
                substitute ? null : cdnCacheControl, serverTiming(r), surrogateKey, render.negotiated());
    }

    /** {@code Server-Timing} of a 304 answered from the validator: nothing was looked up in a cache or rendered. */
    static String validatedTiming(long nanos) {
        StringBuilder b = new StringBuilder(48).append("cache;desc=validator, total;dur=");
        millis(b, nanos);
        return b.toString();
    }

    static String serverTiming(Rendition r) {
        StringBuilder b = new StringBuilder(128);
        b.append("cache;desc=").append(r.level().token());
        String how = r.degradation();
        if (how != null) {
            b.append(", substitute;desc=").append(how);
        }
        StageTimings t = r.stageTimings();
        if (t != null) {
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
