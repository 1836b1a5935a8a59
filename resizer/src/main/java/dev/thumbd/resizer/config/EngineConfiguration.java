package dev.thumbd.resizer.config;

import dev.thumbd.resizer.admission.MemoryShares;
import dev.thumbd.resizer.admission.PixelBudget;
import dev.thumbd.resizer.admission.WorkerPool;
import dev.thumbd.resizer.codec.Codecs;
import dev.thumbd.resizer.kernel.Resamplers;
import dev.thumbd.resizer.metrics.ResizerMetrics;
import dev.thumbd.resizer.negotiation.FormatNegotiator;
import dev.thumbd.resizer.overlay.OverlayCache;
import dev.thumbd.resizer.pipeline.PipelineSettings;
import dev.thumbd.resizer.pipeline.RenderLimits;
import dev.thumbd.resizer.pipeline.SharedDecodes;
import dev.thumbd.resizer.pipeline.ThumbnailPipeline;
import dev.thumbd.resizer.probe.ProbeLimits;
import dev.thumbd.spec.ImageFormat;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The thumbnail engine, the CPU worker pool it runs on, and format negotiation. */
@Configuration(proxyBeanMethods = false)
class EngineConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(EngineConfiguration.class);

    @Bean
    ProbeLimits probeLimits(ThumbdProperties properties) {
        ThumbdProperties.Limits l = properties.limits();
        return new ProbeLimits(l.maxSourceSize().toBytes(), l.maxPixels(), l.maxFrames(),
                l.maxAnimationPixels());
    }

    /**
     * Decodes shared among concurrent renders of one original, for as long as originals are shared (the sources
     * window). With caches off every request does all its own work, decode included.
     */
    @Bean
    SharedDecodes sharedDecodes(ThumbdProperties properties, MemoryShares shares, ResizerMetrics metrics) {
        ThumbdProperties.Cache c = properties.cache();
        SharedDecodes decodes = c.enabled() && shares.sharedDecodes() > 0
                ? new SharedDecodes(shares.sharedDecodes(), c.sources().ttl()) : SharedDecodes.NONE;
        metrics.bindCoalesced("decode", decodes, SharedDecodes::joined);
        return decodes;
    }

    @Bean
    ThumbnailPipeline thumbnailPipeline(ProbeLimits limits, SharedDecodes decodes, PixelBudget budget,
            ThumbdProperties properties, MeterRegistry registry) {
        Codecs detected = Codecs.detect(true);
        Codecs codecs = properties.limits().animations() ? detected : detected.withoutAnimationOutput(
                "animated output disabled by thumbd.limits.animations=false");
        ResizerMetrics.bindCodecs(registry, codecs);
        ResizerMetrics.bindBudget(registry, budget);
        LOG.info("resize kernel: {}", Resamplers.describe());
        codecs.report().forEach(line -> LOG.info("codec {}", line));
        ThumbdProperties.Limits l = properties.limits();
        PipelineSettings settings = PipelineSettings.defaults().withLimits(limits)
                .withRenderLimits(new RenderLimits(l.maxResultPixels(), l.maxFilterWork(), l.maxOverlayPixels()));
        LOG.info("admission: pixel budget {} MiB of heap and {} MiB native; a render waits at most {} for a worker "
                        + "and its memory together",
                budget.capacity() >> 20, budget.nativeCapacity() >> 20, budget.maxWait());
        return new ThumbnailPipeline(codecs, Resamplers.preferred(), settings, decodes, budget,
                new OverlayCache(properties.memory().overlays().toBytes()));
    }

    @Bean
    FormatNegotiator formatNegotiator(ThumbnailPipeline pipeline) {
        return new FormatNegotiator((ImageFormat f) -> pipeline.codecs().encoder(f).isPresent());
    }

    @Bean(destroyMethod = "close")
    WorkerPool workerPool(ThumbdProperties properties, PixelBudget budget) {
        ThumbdProperties.Admission a = properties.admission();
        int workers = workers(properties);
        int queue = a.queue() > 0 ? a.queue() : 32 * workers;
        LOG.info("admission: {} CPU workers, queue of {}, deadline {}", workers, queue, a.deadline());
        WorkerPool pool = new WorkerPool(workers, queue, properties.memory().scratchRetain().toBytes());
        pool.refuseAfterQueueWait(a.deadline().dividedBy(2));   // 503 rather than a 504 for a render not yet begun
        pool.admitBy(budget);   // the same bound covers the wait for pixel memory
        return pool;
    }

    /** CPU workers: as configured, or one per available processor. */
    static int workers(ThumbdProperties properties) {
        int w = properties.admission().workers();
        return w > 0 ? w : Runtime.getRuntime().availableProcessors();
    }
}
