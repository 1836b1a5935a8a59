package dev.thumbd.resizer.metrics;

import dev.thumbd.resizer.admission.PixelBudget;
import dev.thumbd.resizer.admission.WorkerPool;
import dev.thumbd.resizer.cache.CacheLevel;
import dev.thumbd.resizer.cache.DiskCache;
import dev.thumbd.resizer.cache.MemoryCache;
import dev.thumbd.resizer.bottleneck.StageWindows;
import dev.thumbd.resizer.codec.Codecs;
import dev.thumbd.resizer.codec.Decoder;
import dev.thumbd.resizer.codec.Encoder;
import dev.thumbd.resizer.pipeline.Stage;
import dev.thumbd.resizer.pipeline.StageTimings;
import dev.thumbd.spec.ImageFormat;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Every meter of the resizer, with low-cardinality tags only (never a key or URL). Names (Prometheus form in
 * brackets) are documented in {@code docs/METRICS.md}:
 * <ul>
 *   <li>{@value #CACHE_LOOKUPS} {@code {level, result}}: lookups per cache level, hit or miss
 *       [{@code thumbd_cache_lookups_total}]</li>
 *   <li>{@value #CACHE_BYTES} / {@value #CACHE_ENTRIES} {@code {level}}: bytes and entries held
 *       [{@code thumbd_cache_bytes}, {@code thumbd_cache_entries}]</li>
 *   <li>{@value #STAGE} {@code {stage}}: time per pipeline stage, histogram [{@code thumbd_stage_seconds}]</li>
 *   <li>{@value #RENDER} {@code {level}}: time to answer a thumbnail by the level that answered
 *       [{@code thumbd_render_seconds}]</li>
 *   <li>{@value #ADMISSION_QUEUE}, {@value #ADMISSION_ACTIVE}, {@value #ADMISSION_REJECTED},
 *       {@value #ADMISSION_BUSY}: worker pool queue depth, busy workers, refusals, busy time</li>
 *   <li>{@value #COALESCED} {@code {what}}: requests that joined a computation or read already running</li>
 * </ul>
 */
public final class ResizerMetrics {

    private volatile @Nullable StageWindows windows;
    private volatile java.util.function.@Nullable LongConsumer missListener;
    public static final String CACHE_LOOKUPS = "thumbd.cache.lookups";
    public static final String CACHE_BYTES = "thumbd.cache.bytes";
    public static final String CACHE_ENTRIES = "thumbd.cache.entries";
    public static final String STAGE = "thumbd.stage";
    public static final String RENDER = "thumbd.render";
    public static final String ADMISSION_QUEUE = "thumbd.admission.queue";
    public static final String ADMISSION_ACTIVE = "thumbd.admission.active";
    public static final String ADMISSION_REJECTED = "thumbd.admission.rejected";
    public static final String ADMISSION_BUSY = "thumbd.admission.busy";
    public static final String COALESCED = "thumbd.coalesced";
    public static final String AVIF_DEFERRED = "thumbd.avif.deferred";
    public static final String DEGRADED = "thumbd.degraded";
    public static final String DEGRADATION_LEVEL = "thumbd.degradation.level";
    public static final String DEGRADATION_TRANSITIONS = "thumbd.degradation.transitions";
    public static final String CODEC_NATIVE = "thumbd.codec.native";
    public static final String CODEC_AVAILABLE = "thumbd.codec.available";
    public static final String PIXEL_BUDGET_BYTES = "thumbd.memory.pixels";
    public static final String HELD_ORIGINALS_BYTES = "thumbd.memory.originals";
    public static final String PIXEL_BUDGET_WAITING = "thumbd.memory.waiting";
    public static final String PIXEL_BUDGET_RENDERS = "thumbd.memory.renders";

    private final MeterRegistry registry;
    private final Map<CacheLevel, Counter> hits = new EnumMap<>(CacheLevel.class);
    private final Map<CacheLevel, Counter> misses = new EnumMap<>(CacheLevel.class);
    private final Map<CacheLevel, Timer> render = new EnumMap<>(CacheLevel.class);
    private final Map<Stage, Timer> stages = new EnumMap<>(Stage.class);
    private final Map<String, Timer> ioStages = new java.util.HashMap<>();

    /** Stages outside the pipeline, timed into {@link #STAGE} too: reading the original and the cache levels. */
    public static final String FETCH = "fetch";
    public static final String L2_READ = "l2-read";
    public static final String L2_WRITE = "l2-write";
    public static final String L3_READ = "l3-read";
    public static final String L3_WRITE = "l3-write";

    public ResizerMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (CacheLevel level : CacheLevel.values()) {
            render.put(level, Timer.builder(RENDER).tag("level", level.token())
                    .description("Time to answer a thumbnail, by the cache level that answered")
                    .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(50_000))
                    .maximumExpectedValue(Duration.ofSeconds(30)).register(registry));
            if (level == CacheLevel.MISS) {
                continue;
            }
            hits.put(level, Counter.builder(CACHE_LOOKUPS).tag("level", level.token()).tag("result", "hit")
                    .description("Thumbnail cache lookups").register(registry));
            misses.put(level, Counter.builder(CACHE_LOOKUPS).tag("level", level.token()).tag("result", "miss")
                    .description("Thumbnail cache lookups").register(registry));
        }
        for (Stage s : Stage.values()) {
            stages.put(s, stageTimer(registry, s.token()));
        }
        for (String io : java.util.List.of(FETCH, L2_READ, L2_WRITE, L3_READ, L3_WRITE)) {
            ioStages.put(io, stageTimer(registry, io));
        }
    }

    private static Timer stageTimer(MeterRegistry registry, String stage) {
        return Timer.builder(STAGE).tag("stage", stage)
                .description("Time per stage: the pipeline stages of computed thumbnails, fetching originals, "
                        + "reading and writing the disk (l2) and store (l3) cache levels")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
    }

    /** Time spent in a stage outside the pipeline ({@link #FETCH}, {@link #L2_READ}, ...). */
    public void io(String stage, long nanos) {
        Timer t = ioStages.get(stage);
        if (t == null) {
            throw new IllegalArgumentException("unknown stage " + stage);
        }
        t.record(nanos, TimeUnit.NANOSECONDS);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** A lookup at {@code level} found the thumbnail or not. */
    public void lookup(CacheLevel level, boolean hit) {
        (hit ? hits : misses).get(level).increment();
    }

    /** A thumbnail was answered by {@code level} after {@code nanos}. */
    public void rendered(CacheLevel level, long nanos) {
        render.get(level).record(nanos, TimeUnit.NANOSECONDS);
        java.util.function.LongConsumer m = missListener;
        if (level == CacheLevel.MISS && m != null) {
            m.accept(nanos);
        }
    }

    /** The stage times of a computed thumbnail. */
    public void stages(StageTimings timings) {
        StageWindows w = windows;
        if (w != null) {
            w.record(timings);
        }
        for (Stage s : Stage.values()) {
            long n = timings.nanos(s);
            if (n > 0) {
                stages.get(s).record(n, TimeUnit.NANOSECONDS);
            }
        }
    }

    /** A negotiated AVIF answered with WebP while the AVIF is made in the background (workers busy). */
    public void avifDeferred() {
        registry.counter(AVIF_DEFERRED).increment();
    }

    /** Creates the degraded-answer counters at 0, so dashboards and alerts find them before the first one. */
    public void registerDegraded(java.util.List<String> hows) {
        hows.forEach(how -> Counter.builder(DEGRADED).tag("how", how)
                .description("thumbnails answered in a degraded way under load").register(registry));
    }

    /** A thumbnail answered in a degraded way ({@code how}: webp-for-avif, nearest, economy, capped). */
    public void degraded(String how) {
        Counter.builder(DEGRADED).tag("how", how).description("thumbnails answered in a degraded way under load")
                .register(registry).increment();
    }

    /** Also report the time of every computed thumbnail (cache miss) to {@code listener}. */
    public void observeMisses(java.util.function.LongConsumer listener) {
        this.missListener = listener;
    }

    /** Also feed every render's stage times to {@code windows} (the bottleneck finder's rolling statistics). */
    public void observeStages(StageWindows windows) {
        this.windows = windows;
    }

    /** {@code thumbd.memory.originals}: bytes of originals requests hold, by {@code state} used / capacity. */
    public static void bindHeldOriginals(MeterRegistry registry, dev.thumbd.resizer.source.HeldOriginals held) {
        Gauge.builder(HELD_ORIGINALS_BYTES, held, h -> h.used()).tag("state", "used").baseUnit("bytes")
                .description("bytes of originals held by requests being read, queued or rendered").register(registry);
        Gauge.builder(HELD_ORIGINALS_BYTES, held, h -> h.capacity()).tag("state", "capacity").baseUnit("bytes")
                .description("bytes of originals requests may hold together").register(registry);
    }

    /**
     * The pixel budget: {@code thumbd.memory.pixels} (heap bytes held by renders, by {@code state} used / capacity;
     * {@code pool} heap / native for the capacity), renders waiting for room, and admitted renders by outcome
     * ({@code at-once}, {@code waited}, {@code timed-out} (503), {@code refused} (422)).
     */
    public static void bindBudget(MeterRegistry registry, PixelBudget budget) {
        Gauge.builder(PIXEL_BUDGET_BYTES, budget, PixelBudget::used).tag("state", "used").tag("pool", "heap")
                .baseUnit("bytes").description("pixel bytes held by renders in progress").register(registry);
        Gauge.builder(PIXEL_BUDGET_BYTES, budget, PixelBudget::capacity).tag("state", "capacity").tag("pool", "heap")
                .baseUnit("bytes").description("pixel bytes renders may hold together").register(registry);
        Gauge.builder(PIXEL_BUDGET_BYTES, budget, PixelBudget::nativeCapacity).tag("state", "capacity")
                .tag("pool", "native").baseUnit("bytes").description("native codec bytes renders may hold together")
                .register(registry);
        Gauge.builder(PIXEL_BUDGET_WAITING, budget, PixelBudget::waiting)
                .description("renders waiting for pixel memory").register(registry);
        FunctionCounter.builder(PIXEL_BUDGET_RENDERS, budget, b -> b.admitted() - b.waited()).tag("outcome", "at-once")
                .description("renders admitted by the pixel budget, by outcome").register(registry);
        FunctionCounter.builder(PIXEL_BUDGET_RENDERS, budget, PixelBudget::waited).tag("outcome", "waited")
                .register(registry);
        FunctionCounter.builder(PIXEL_BUDGET_RENDERS, budget, PixelBudget::timedOut).tag("outcome", "timed-out")
                .register(registry);
        FunctionCounter.builder(PIXEL_BUDGET_RENDERS, budget, PixelBudget::refused).tag("outcome", "refused")
                .register(registry);
    }

    /**
     * Which path serves each format on this machine: {@code thumbd.codec.native} is 1 where a native library decodes
     * or encodes it and 0 where a pure-Java codec (or nothing) does; {@code thumbd.codec.available} is 0 where the
     * format cannot be handled at all.
     */
    public static void bindCodecs(MeterRegistry registry, Codecs codecs) {
        for (ImageFormat f : ImageFormat.values()) {
            codecGauges(registry, f, "decode", codecs.decoder(f).map(Decoder::isNative));
            if (f.isOutput()) {
                codecGauges(registry, f, "encode", codecs.encoder(f).map(Encoder::isNative));
            }
        }
    }

    private static void codecGauges(MeterRegistry registry, ImageFormat f, String op, Optional<Boolean> isNative) {
        double nat = isNative.orElse(false) ? 1 : 0;
        double available = isNative.isPresent() ? 1 : 0;
        Gauge.builder(CODEC_NATIVE, () -> nat).tag("format", f.token()).tag("op", op)
                .description("1 where a native library handles the format, 0 where pure Java does").register(registry);
        Gauge.builder(CODEC_AVAILABLE, () -> available).tag("format", f.token()).tag("op", op)
                .description("1 where the format can be handled").register(registry);
    }

    /** Gauges for the cache levels that exist. */
    public void bindCaches(@Nullable MemoryCache memory, @Nullable DiskCache disk) {
        if (memory != null) {
            Gauge.builder(CACHE_BYTES, memory, MemoryCache::bytes).tag("level", "l1").baseUnit("bytes").register(registry);
            Gauge.builder(CACHE_ENTRIES, memory, MemoryCache::entries).tag("level", "l1").register(registry);
        }
        if (disk != null) {
            Gauge.builder(CACHE_BYTES, disk, DiskCache::bytes).tag("level", "l2").baseUnit("bytes").register(registry);
            Gauge.builder(CACHE_ENTRIES, disk, DiskCache::entries).tag("level", "l2").register(registry);
        }
    }

    /** Gauges and counters of the worker pool. */
    public void bindPool(WorkerPool pool) {
        Gauge.builder(ADMISSION_QUEUE, pool, WorkerPool::queued).description("Tasks waiting for a worker")
                .register(registry);
        Gauge.builder(ADMISSION_ACTIVE, pool, WorkerPool::active).description("Workers running a task")
                .register(registry);
        Gauge.builder("thumbd.admission.workers", pool, WorkerPool::workers).register(registry);
        Gauge.builder("thumbd.admission.queue.capacity", pool, WorkerPool::queueCapacity).register(registry);
        FunctionCounter.builder(ADMISSION_REJECTED, pool, WorkerPool::rejected)
                .description("Tasks refused because the pool was saturated").register(registry);
        FunctionCounter.builder(ADMISSION_BUSY, pool, p -> p.busyNanos() / 1e9).baseUnit("seconds")
                .description("Time workers spent running tasks").register(registry);
    }

    /** Counts calls that joined a running computation ({@code what} = render or source). */
    public <T> void bindCoalesced(String what, T source, java.util.function.ToDoubleFunction<T> joined) {
        FunctionCounter.builder(COALESCED, source, joined).tag("what", what).register(registry);
    }
}
