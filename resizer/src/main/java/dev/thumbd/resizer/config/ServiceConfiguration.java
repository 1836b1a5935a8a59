package dev.thumbd.resizer.config;

import dev.thumbd.resizer.admission.MemoryShares;
import dev.thumbd.resizer.admission.WorkerPool;
import dev.thumbd.resizer.bottleneck.StageWindows;
import dev.thumbd.resizer.metrics.RequestMetrics;
import dev.thumbd.resizer.metrics.ResizerMetrics;
import dev.thumbd.resizer.degradation.DegradationController;
import dev.thumbd.resizer.negotiation.FormatNegotiator;
import dev.thumbd.resizer.pipeline.SharedDecodes;
import dev.thumbd.resizer.pipeline.ThumbnailPipeline;
import dev.thumbd.resizer.service.CacheLevels;
import dev.thumbd.resizer.service.DegradedRendering;
import dev.thumbd.resizer.service.ThumbnailService;
import dev.thumbd.resizer.source.SourceLoader;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Schedulers;

/** The thumbnail service and the meters it reports to. */
@Configuration(proxyBeanMethods = false)
class ServiceConfiguration {

    /** Rolling per-stage statistics for /admin/bottlenecks: 30 windows of 10 s (five minutes). */
    @Bean
    StageWindows stageWindows() {
        return new StageWindows(Clock.systemUTC(), Duration.ofSeconds(10), 30);
    }

    @Bean
    ResizerMetrics resizerMetrics(MeterRegistry registry, CacheLevels caches, WorkerPool pool, StageWindows windows) {
        ResizerMetrics metrics = new ResizerMetrics(registry);
        metrics.bindCaches(caches.enabled() ? caches.memory() : null, caches.disk());
        metrics.bindPool(pool);
        metrics.observeStages(windows);
        return metrics;
    }

    /** http_server_requests_seconds by route and status (Spring's own HTTP server observation is off). */
    @Bean
    RequestMetrics requestMetrics(MeterRegistry registry) {
        return new RequestMetrics(registry);
    }

    @Bean
    ThumbnailService thumbnailService(ThumbnailPipeline pipeline, FormatNegotiator negotiator, SourceLoader sources,
            WorkerPool pool, CacheLevels caches, ResizerMetrics metrics, ThumbdProperties properties,
            DegradedRendering degraded, MemoryShares shares) {
        return new ThumbnailService(pipeline, negotiator, sources, pool, caches, Schedulers.boundedElastic(), metrics,
                properties.admission().deadline(), degraded, shares.writeBehind());
    }

    /** Misses while degraded: cheaper settings (level 1), capped sizes and nearby cached widths (level 2). */
    @Bean
    DegradedRendering degradedRendering(ThumbnailPipeline pipeline, SharedDecodes decodes,
            DegradationController controller, ThumbdProperties properties) {
        ThumbnailPipeline economy = pipeline.with(pipeline.settings().economy());
        ThumbdProperties.Degradation d = properties.degradation();
        return new DegradedRendering(controller::level, economy, d.maxDimension(), d.nearestWidths());
    }
}
