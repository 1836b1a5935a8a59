package dev.thumbd.resizer.service;

import dev.thumbd.key.OriginalGenerations;
import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.admission.WorkerPool;
import dev.thumbd.resizer.cache.CacheLevel;
import dev.thumbd.resizer.cache.DiskCache;
import dev.thumbd.resizer.cache.DiskEntry;
import dev.thumbd.resizer.cache.InFlight;
import dev.thumbd.resizer.cache.StoreCache;
import dev.thumbd.resizer.cache.Variant;
import dev.thumbd.resizer.cache.VariantKey;
import dev.thumbd.resizer.degradation.DegradationController;
import dev.thumbd.resizer.metrics.ResizerMetrics;
import dev.thumbd.resizer.negotiation.FormatBucket;
import dev.thumbd.resizer.negotiation.FormatNegotiator;
import dev.thumbd.resizer.pipeline.FormatChooser;
import dev.thumbd.resizer.pipeline.Probed;
import dev.thumbd.resizer.placeholder.Placeholder;
import dev.thumbd.resizer.pipeline.Thumbnail;
import dev.thumbd.resizer.pipeline.ThumbnailPipeline;
import dev.thumbd.resizer.overlay.DecodedOverlay;
import dev.thumbd.resizer.overlay.OverlayInput;
import dev.thumbd.resizer.probe.ImageHeader;
import dev.thumbd.resizer.source.SourceImage;
import dev.thumbd.resizer.source.SourceLoader;
import dev.thumbd.spec.ThumbnailSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Renders thumbnails: L1, then (single-flight per variant) L2, L3, and finally the pipeline on a worker, filling the
 * levels on the way back. Cache writes below L1 happen in the background and never fail a request.
 *
 * <p>Threads: lookups in L1 run on the caller's thread (an event loop: a map lookup); disk work runs on
 * {@code blocking}; decoding, resizing and encoding run on the {@link WorkerPool}.
 */
public final class ThumbnailService {

    private static final Logger LOG = LoggerFactory.getLogger(ThumbnailService.class);
    /** How a degraded answer differs from the one asked for ({@link Rendition#degradation()}). */
    static final String WEBP_FOR_AVIF = "webp-for-avif";
    static final String NEAREST = "nearest";
    static final String ECONOMY = "economy";
    static final String CAPPED = "capped";
    /**
     * An animated original asked for as WebP on a server without an animation encoder (libwebpmux missing): a still
     * of the first frame, answered as a substitute (short max-age, L1 only, {@code X-Thumbd-Animation: still}).
     */
    public static final String STILL_OF_ANIMATION = "still-of-animation";

    private final ThumbnailPipeline pipeline;
    private final FormatNegotiator negotiator;
    private final SourceLoader sources;
    private final WorkerPool workers;
    private final CacheLevels caches;
    private final Scheduler blocking;
    private final ResizerMetrics metrics;
    private final InFlight<VariantKey, Rendition> inFlight = new InFlight<>();
    /**
     * Refusals that the same original and request always get, for a minute ({@link #remember}); at most 2,000 of a
     * few hundred bytes each, whatever a client asks for.
     */
    private final com.github.benmanes.caffeine.cache.Cache<VariantKey, Refusal> refusals =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(2_000)
                    .expireAfterWrite(Duration.ofMinutes(1)).build();
    /**
     * Refusals that any request of an original gets, whatever its size or format (a corrupt original, one in a
     * format thumbd does not read), for a minute, by the original's key: an attacker who varies the width of a
     * request for a broken original is refused from memory too, instead of having it read and decoded once a width.
     */
    private final com.github.benmanes.caffeine.cache.Cache<String, Refusal> brokenOriginals =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(2_000)
                    .expireAfterWrite(Duration.ofMinutes(1)).build();
    private final Duration deadline;
    private final DegradedRendering degraded;
    /** Bytes of thumbnails waiting to be written to L2 and L3, and the most that may wait. */
    private final java.util.concurrent.atomic.AtomicLong writeBehind = new java.util.concurrent.atomic.AtomicLong();
    private final long maxWriteBehind;
    /** Purges advance an original's generation; what was made from it before is then not kept in any level. */
    private final OriginalGenerations originals = new OriginalGenerations();
    /** Placeholders made for {@code /v1/info} and {@code /v1/srcset}, by original, version and source edits. */
    private final PlaceholderCache placeholders = new PlaceholderCache();
    /** The engine's output version, part of every ETag ({@link EntityTags}). */
    private final String engineVersion;

    /**
     * @param deadline limit for a thumbnail that is not in L1 (the caller sees a 504 problem after it; the shared
     *                 computation goes on for other waiters and is cancelled when none is left)
     * @param degraded what misses become while the resizer is degraded
     */
    public ThumbnailService(ThumbnailPipeline pipeline, FormatNegotiator negotiator, SourceLoader sources,
            WorkerPool workers, CacheLevels caches, Scheduler blocking, ResizerMetrics metrics, Duration deadline,
            DegradedRendering degraded) {
        this(pipeline, negotiator, sources, workers, caches, blocking, metrics, deadline, degraded, Long.MAX_VALUE);
    }

    /**
     * @param maxWriteBehind bytes of thumbnails that may wait to be written to L2 and L3 (the memory model's
     *                       write-behind share); a write that would go over it is skipped (the thumbnail is in L1,
     *                       and is made again on a later miss)
     */
    public ThumbnailService(ThumbnailPipeline pipeline, FormatNegotiator negotiator, SourceLoader sources,
            WorkerPool workers, CacheLevels caches, Scheduler blocking, ResizerMetrics metrics, Duration deadline,
            DegradedRendering degraded, long maxWriteBehind) {
        this.maxWriteBehind = maxWriteBehind;
        this.pipeline = pipeline;
        this.degraded = degraded;
        this.negotiator = negotiator;
        this.sources = sources;
        this.workers = workers;
        this.caches = caches;
        this.blocking = blocking;
        this.metrics = metrics;
        this.deadline = deadline;
        this.engineVersion = pipeline.outputVersion();
        metrics.bindCoalesced("render", inFlight, InFlight::joined);
        metrics.registerDegraded(java.util.List.of(WEBP_FOR_AVIF, NEAREST, ECONOMY, CAPPED));
    }

    /** The thumbnail for {@code request}, from the first cache level that has it or freshly computed. */
    public Mono<Rendition> render(RenderRequest request) {
        if (request.needsOverlayVersion()) {
            return bind(request).flatMap(this::render);
        }
        return Mono.defer(() -> {
            long t0 = System.nanoTime();
            if (!caches.enabled()) {
                return withDeadline(compute(request, null, t0)).doOnNext(this::record);
            }
            VariantKey key = VariantKey.of(request.spec().source(), request.fingerprintHex(),
                    request.formatChoice());
            int level = degraded.level().getAsInt();
            // a thumbnail made under load is not served once the load is gone: the real one is made instead
            Optional<Variant> l1 = caches.memory().get(key).filter(v -> v.degraded() == null || level > 0);
            metrics.lookup(CacheLevel.L1, l1.isPresent());
            if (l1.isPresent()) {
                Rendition r = new Rendition.InMemory(l1.get(), CacheLevel.L1, null, System.nanoTime() - t0);
                record(r);
                return Mono.just(r);
            }
            if (request.negotiated() && request.bucket() == FormatBucket.AVIF
                    && (level >= DegradationController.CHEAPER_ENCODES || workersBusy())) {
                return avifOrSubstitute(request, key, t0, level == 0);
            }
            if (level >= DegradationController.CAPPED_SIZES) {
                Optional<Rendition> near = nearest(request, t0);
                if (near.isPresent()) {
                    return Mono.just(near.get());
                }
            }
            Refusal known = brokenOriginals.getIfPresent(key.source());
            if (known == null || !originals.unchangedSince(key.source(), known.generation())) {
                known = refusals.getIfPresent(key);
            }
            if (known != null && originals.unchangedSince(key.source(), known.generation())) {
                // refused a moment ago: not read, probed or decoded again
                return Mono.error(new ProblemException(known.type(), known.detail()));
            }
            long generation = originals.current(key.source());
            return withDeadline(inFlight.get(key, () -> fromDisk(key, t0)
                    .switchIfEmpty(Mono.defer(() -> fromStore(key, t0)))
                    .switchIfEmpty(Mono.defer(() -> compute(request, key, t0)))
                    .doOnError(ProblemException.class, e -> remember(key, e, generation))))
                    .doOnNext(this::record);
        });
    }

    /**
     * Whether L1 holds the thumbnail for {@code request} (then {@link #render} answers from memory, and a
     * conditional request needs no {@link #validator}).
     */
    public boolean inMemory(RenderRequest request) {
        if (request.needsOverlayVersion()) {
            Optional<String> v = pipeline.overlays().version(request.spec().watermark().key());
            return v.isPresent() && inMemory(request.withOverlayVersion(v.get()));
        }
        return caches.enabled() && caches.memory().contains(VariantKey.of(request.spec().source(),
                request.fingerprintHex(), request.formatChoice()));
    }

    /**
     * The strong ETag a render of {@code request} at full quality carries, known without rendering: from the
     * variant, the engine's output version and the original's version, read from memory or the store's metadata
     * (never its bytes, never a decode). Empty when the original's version cannot be read that way (an original by
     * URL, a missing or unreachable one): the caller renders, which answers what is wrong.
     */
    public Mono<String> validator(RenderRequest request) {
        if (request.needsOverlayVersion()) {
            return bind(request).flatMap(this::validator);
        }
        String variantId = VariantKey.of(request.spec().source(), request.fingerprintHex(), request.formatChoice())
                .variantId();
        return sources.version(request.spec().source()).map(v -> EntityTags.of(variantId, v, engineVersion));
    }

    /**
     * {@code request} bound to the version of its overlay ({@code wm}; {@link RenderRequest#withOverlayVersion}):
     * the version last seen (kept until the overlay's key is written: {@link #purge}), else the store's metadata
     * (a HEAD), else the overlay read. A missing overlay is 422 {@code overlay-not-found}.
     */
    public Mono<RenderRequest> bind(RenderRequest request) {
        if (!request.needsOverlayVersion()) {
            return Mono.just(request);
        }
        String key = request.spec().watermark().key();
        return Mono.justOrEmpty(pipeline.overlays().version(key))
                .switchIfEmpty(Mono.defer(() -> sources.version(key)
                        .switchIfEmpty(Mono.defer(() -> overlayBytes(key).map(SourceImage::version)))
                        .doOnNext(v -> pipeline.overlays().version(key, v))))
                .map(request::withOverlayVersion);
    }

    /** The overlay a render of {@code request} (bound) lays over: decoded already, or its stored bytes. */
    private Mono<OverlayInput> overlay(RenderRequest request) {
        if (!request.spec().overlays()) {
            return Mono.empty();
        }
        String key = request.spec().watermark().key();
        String version = java.util.Objects.requireNonNull(request.overlayVersion(), "overlay version");
        Optional<DecodedOverlay> kept = pipeline.overlays().get(key, version);
        if (kept.isPresent()) {
            return Mono.just(OverlayInput.decoded(kept.get()));
        }
        return overlayBytes(key).map(img -> OverlayInput.encoded(key, img.version(), img.bytes()));
    }

    /** The overlay's stored bytes; its absence or size is the overlay's problem, not the original's. */
    private Mono<SourceImage> overlayBytes(String key) {
        return sources.load(key).onErrorMap(ProblemException.class, e -> switch (e.type()) {
            case SOURCE_NOT_FOUND -> new ProblemException(ProblemType.OVERLAY_NOT_FOUND,
                    "the overlay wm=" + key + " is not in the store");
            case SOURCE_TOO_LARGE, CORRUPT_IMAGE -> new ProblemException(ProblemType.INVALID_OVERLAY,
                    "the overlay wm=" + key + ": " + e.detail());
            default -> e;
        });
    }

    /**
     * Remembers for a while that {@code key} was refused with a problem that the same original and request always get
     * (a corrupt or too large image, an unsupported format): asked again, the refusal is answered from memory, as
     * cheaply as a cache hit, instead of reading, probing or decoding the original again. Overload and upstream
     * problems are not remembered; a purge of the original forgets its refusals (the generation moves on).
     */
    private void remember(VariantKey key, ProblemException e, long generation) {
        if (OF_THE_ORIGINAL.contains(e.type())) {
            brokenOriginals.put(key.source(), new Refusal(e.type(), e.detail(), generation));
        } else if (REMEMBERED.contains(e.type())) {
            refusals.put(key, new Refusal(e.type(), e.detail(), generation));
        }
    }

    /** What a refusal said (not the exception: its stack trace would weigh kilobytes an entry). */
    private record Refusal(ProblemType type, String detail, long generation) {
    }

    /** Problems that depend only on the original's bytes, not on what is asked of it. */
    private static final java.util.Set<ProblemType> OF_THE_ORIGINAL = java.util.EnumSet.of(ProblemType.CORRUPT_IMAGE,
            ProblemType.UNSUPPORTED_FORMAT);

    /** Problems that depend only on the original's bytes and the request. */
    private static final java.util.Set<ProblemType> REMEMBERED = java.util.EnumSet.of(ProblemType.CORRUPT_IMAGE,
            ProblemType.IMAGE_TOO_LARGE, ProblemType.UNSUPPORTED_FORMAT, ProblemType.FORMAT_UNAVAILABLE);

    /** Whether a render now would wait: every worker is taken and tasks are queued. */
    private boolean workersBusy() {
        return workers.queued() > 0 && workers.active() >= workers.workers();
    }

    /**
     * A negotiated AVIF while the workers are busy or the resizer is degraded: AVIF is the most expensive encode, so
     * when it is not in L2 or L3 either, answer with the WebP variant now (from the caches, or rendered) and, when
     * {@code makeAvif}, make the AVIF in the background, where the next request finds it. An explicit
     * {@code fmt=avif} never comes here.
     */
    private Mono<Rendition> avifOrSubstitute(RenderRequest request, VariantKey avif, long t0, boolean makeAvif) {
        return withDeadline(fromDisk(avif, t0)
                .switchIfEmpty(Mono.defer(() -> fromStore(avif, t0)))
                .switchIfEmpty(Mono.defer(() -> {
                    metrics.degraded(WEBP_FOR_AVIF);
                    if (makeAvif) {
                        metrics.avifDeferred();
                        inFlight.get(avif, () -> compute(request, avif, System.nanoTime())).subscribe(
                                r -> { }, e -> LOG.debug("background AVIF for {} not made: {}", avif, e.toString()));
                    }
                    return render(new RenderRequest(request.spec(), request.fingerprintHex(), FormatBucket.WEBP,
                            request.overlayVersion()))
                            .map(r -> new Rendition.Substitute(r, WEBP_FOR_AVIF));
                })))
                .doOnNext(r -> {
                    if (!(r instanceof Rendition.Substitute)) {
                        record(r);   // a substitute was recorded as the WebP it is
                    }
                });
    }

    /** From level 2: the nearest larger width of the same request that L1 holds, if any. */
    private Optional<Rendition> nearest(RenderRequest request, long t0) {
        for (ThumbnailSpec larger : degraded.larger(request.spec())) {
            Optional<Variant> v = caches.memory().get(VariantKey.of(larger.source(), larger.fingerprint().hex(),
                    request.formatChoice()));
            if (v.isPresent()) {
                metrics.degraded(NEAREST);
                Rendition r = new Rendition.InMemory(v.get(), CacheLevel.L1, null, System.nanoTime() - t0);
                record(r);
                return Optional.of(new Rendition.Substitute(r, NEAREST));
            }
        }
        return Optional.empty();
    }

    private Mono<Rendition> withDeadline(Mono<Rendition> miss) {
        return miss.timeout(deadline, Mono.error(() -> new ProblemException(ProblemType.DEADLINE_EXCEEDED,
                "The thumbnail was not ready within " + deadline.toMillis() + " ms.")));
    }

    /** Probes an original without decoding it (for {@code /v1/info}). */
    public Mono<Described> describe(String src) {
        return Mono.usingWhen(sources.hold(src), held -> workers.submit(scratch -> new Described(held.image(),
                pipeline.probe(held.image().bytes()))), held -> Mono.fromRunnable(held::letGo));
    }

    /**
     * The placeholder of an original, with the crop and turn of {@code of} (ThumbHash and dominant colour, for
     * {@code /v1/info?placeholder=true} and {@code /v1/srcset?placeholder=true}): made from its smallest decode, priced from its header and admitted by the worker pool like any render.
     */
    public Mono<Placeholder> placeholder(ThumbnailSpec of) {
        long generation = originals.current(of.source());
        return Mono.usingWhen(sources.hold(of.source()), held -> {
            PlaceholderCache.Key key = PlaceholderCache.Key.of(of, held.image().version());
            Optional<Placeholder> kept = placeholders.get(key);
            if (kept.isPresent()) {
                return Mono.just(kept.get());
            }
            byte[] bytes = held.image().bytes();
            Probed probed = pipeline.probePlaceholder(bytes, of);
            return workers.submit(probed.cost(), scratch -> pipeline.placeholder(bytes, of, probed, scratch,
                    metrics::stages)).doOnNext(p -> {
                        if (originals.unchangedSince(of.source(), generation)) {
                            placeholders.put(key, p);
                            if (!originals.unchangedSince(of.source(), generation)) {
                                placeholders.purge(of.source());
                            }
                        }
                    });
        }, held -> Mono.fromRunnable(held::letGo));
    }

    /** What {@link #describe} found. */
    public record Described(SourceImage source, ImageHeader header) {
    }

    /** Forgets every derivative of {@code src} in every level (after the original changed or was deleted). */
    public Mono<Void> purge(String src) {
        originals.advance(src);   // first: a render or promotion under way no longer keeps its result
        sources.forget(src);
        placeholders.purge(src);
        pipeline.overlays().forget(src);   // as an overlay: the next request binds its new version
        degraded.economy().overlays().forget(src);
        caches.memory().purge(src);
        Mono<Void> disk = caches.disk() == null ? Mono.empty()
                : Mono.fromCallable(() -> {
                    caches.disk().purge(src);
                    return true;
                }).subscribeOn(blocking).then();
        Mono<Void> store = caches.store() == null ? Mono.empty() : caches.store().purge(src).then();
        return disk.then(store);
    }

    private static boolean isIoFailure(Throwable e) {
        return e instanceof IOException || e instanceof UncheckedIOException;
    }

    private void record(Rendition r) {
        metrics.rendered(r.level(), r.nanos());
    }

    private Mono<Rendition> fromDisk(VariantKey key, long t0) {
        DiskCache disk = caches.disk();
        if (disk == null) {
            return Mono.empty();
        }
        long generation = originals.current(key.source());
        return Mono.fromCallable(() -> {
            long r0 = System.nanoTime();
            try {
                return readDisk(disk, key, t0, generation);
            } finally {
                metrics.io(ResizerMetrics.L2_READ, System.nanoTime() - r0);
            }
        }).subscribeOn(blocking).onErrorResume(ThumbnailService::isIoFailure, e -> {
            // a failing disk must not fail the request: the next level, or a render, answers
            LOG.warn("disk cache read failed for {}: {}", key, e.toString());
            return Mono.empty();
        });
    }

    /** L2 on a blocking thread: the file itself when too large for L1, else its bytes (promoted to L1), or null. */
    private @Nullable Rendition readDisk(DiskCache disk, VariantKey key, long t0, long generation) {
        Optional<DiskEntry> hit = disk.get(key);
        metrics.lookup(CacheLevel.L2, hit.isPresent());
        if (hit.isEmpty()) {
            return null;
        }
        DiskEntry e = hit.get();
        if (e.length() > caches.promoteMaxBytes()) {
            return new Rendition.OnDisk(e, System.nanoTime() - t0);
        }
        Optional<byte[]> data = disk.read(e);
        if (data.isEmpty()) {
            return null;
        }
        Variant v = new Variant(data.get(), e.format(), e.etag(), e.width(), e.height());
        keepInMemory(key, v, generation);
        return new Rendition.InMemory(v, CacheLevel.L2, null, System.nanoTime() - t0);
    }

    private Mono<Rendition> fromStore(VariantKey key, long t0) {
        StoreCache store = caches.store();
        if (store == null) {
            return Mono.empty();
        }
        long r0 = System.nanoTime();
        long generation = originals.current(key.source());
        return store.get(key)
                .doFinally(signal -> metrics.io(ResizerMetrics.L3_READ, System.nanoTime() - r0))
                .onErrorResume(e -> {
                    LOG.warn("derivative read failed for {}: {}", key, e.toString());
                    return Mono.empty();
                })
                .doOnNext(v -> {
                    keepInMemory(key, v, generation);
                    writeToDisk(key, v, generation);
                })
                .hasElement()
                .flatMap(found -> {
                    metrics.lookup(CacheLevel.L3, found);
                    return found ? Mono.justOrEmpty(caches.memory().get(key))
                            .map(v -> (Rendition) new Rendition.InMemory(v, CacheLevel.L3, null, System.nanoTime() - t0))
                            : Mono.empty();
                });
    }

    /**
     * Makes the thumbnail on a worker: the real one, or while degraded a cheaper one ({@link DegradedRendering}) that
     * only L1 keeps.
     */
    private Mono<Rendition> compute(RenderRequest request, VariantKey key, long t0) {
        int level = degraded.level().getAsInt();
        ThumbnailPipeline engine = level >= DegradationController.CHEAPER_ENCODES ? degraded.economy() : pipeline;
        ThumbnailSpec spec = level >= DegradationController.CAPPED_SIZES ? degraded.cap(request.spec()) : request.spec();
        String how = level < DegradationController.CHEAPER_ENCODES ? null : spec != request.spec() ? CAPPED : ECONOMY;
        long f0 = System.nanoTime();
        long generation = originals.current(request.spec().source());
        FormatChooser chooser = negotiator.chooser(request.bucket());
        // the original is held (its bytes counted) from its read until the render is done or abandoned
        return Mono.usingWhen(sources.hold(request.spec().source()), held -> overlay(request)
                .map(Optional::of).defaultIfEmpty(Optional.empty()).flatMap(ov -> {
                    SourceImage img = held.image();
                    metrics.io(ResizerMetrics.FETCH, System.nanoTime() - f0);
                    OverlayInput overlay = ov.orElse(null);
                    // priced from the header (no pixel decoded) and admitted by its bytes before it takes a worker
                    Probed probed = engine.probe(img.bytes(), overlay, spec, chooser);
                    return workers.submit(probed.cost(), scratch -> engine.run(img.bytes(), overlay, spec, chooser,
                            probed, scratch)).map(t -> toVariant(request, img, t,
                            how == null && t.animationDropped(spec.picksFrame()) ? STILL_OF_ANIMATION : how));
                }), held -> Mono.fromRunnable(held::letGo))
                .map(tv -> {
                    metrics.stages(tv.thumbnail().timings());
                    String made = tv.variant().degraded();
                    if (made != null) {
                        metrics.degraded(made);
                    }
                    if (key != null) {
                        keepInMemory(key, tv.variant(), generation);
                        if (made == null) {
                            writeToDisk(key, tv.variant(), generation);
                            writeToStore(key, tv.variant(), generation);
                        }
                    }
                    return (Rendition) new Rendition.InMemory(tv.variant(), CacheLevel.MISS, tv.thumbnail().timings(),
                            System.nanoTime() - t0);
                });
    }

    private record Computed(Thumbnail thumbnail, Variant variant) {
    }

    private Computed toVariant(RenderRequest request, SourceImage img, Thumbnail t, @Nullable String how) {
        String variantId = VariantKey.of(request.spec().source(), request.fingerprintHex(),
                request.formatChoice()).variantId();
        // a degraded thumbnail has other bytes, so another ETag
        String etag = EntityTags.of(how == null ? variantId : variantId + "~" + how, img.version(), engineVersion);
        return new Computed(t, new Variant(t.data(), t.format(), etag, t.width(), t.height(), how));
    }

    /**
     * Keeps a variant made from (or read for) the original as it was at {@code generation}, unless a purge came since;
     * one that comes while it is being kept undoes it. The same for each level below.
     */
    private void keepInMemory(VariantKey key, Variant v, long generation) {
        if (originals.unchangedSince(key.source(), generation)) {
            caches.memory().put(key, v);
            if (!originals.unchangedSince(key.source(), generation)) {
                caches.memory().purge(key.source());
            }
        }
    }

    private void writeToDisk(VariantKey key, Variant v, long generation) {
        DiskCache disk = caches.disk();
        if (disk == null) {
            return;
        }
        long size = v.data().length;
        if (!holdForWriting(size)) {
            LOG.debug("disk cache write of {} skipped: {} bytes already wait to be written", key, writeBehind.get());
            return;
        }
        Mono.fromCallable(() -> {
            if (!originals.unchangedSince(key.source(), generation)) {
                return false;
            }
            long w0 = System.nanoTime();
            try {
                disk.put(key, v);
            } finally {
                metrics.io(ResizerMetrics.L2_WRITE, System.nanoTime() - w0);
            }
            if (!originals.unchangedSince(key.source(), generation)) {
                disk.purge(key.source());
            }
            return true;
        }).subscribeOn(blocking).doFinally(signal -> writeBehind.addAndGet(-size)).subscribe(
                e -> { },
                e -> LOG.warn("disk cache write failed for {}: {}", key, e.toString()));
    }

    /** Counts {@code size} bytes as waiting to be written, unless that goes over the write-behind share. */
    private boolean holdForWriting(long size) {
        if (writeBehind.addAndGet(size) > maxWriteBehind) {
            writeBehind.addAndGet(-size);
            return false;
        }
        return true;
    }

    private void writeToStore(VariantKey key, Variant v, long generation) {
        StoreCache store = caches.store();
        if (store == null || !originals.unchangedSince(key.source(), generation)) {
            return;
        }
        long size = v.data().length;
        if (!holdForWriting(size)) {
            LOG.debug("derivative write of {} skipped: {} bytes already wait to be written", key, writeBehind.get());
            return;
        }
        long w0 = System.nanoTime();
        store.put(key, v).doFinally(signal -> {
                    metrics.io(ResizerMetrics.L3_WRITE, System.nanoTime() - w0);
                    writeBehind.addAndGet(-size);
                })
                .then(Mono.defer(() -> originals.unchangedSince(key.source(), generation) ? Mono.empty()
                        : store.purge(key.source()).then()))
                .subscribe(
                x -> { },
                e -> LOG.warn("derivative write failed for {}: {}", key, e.toString()));
    }
}
