package dev.thumbd.resizer.config;

import dev.thumbd.resizer.admission.WorkerPool;
import dev.thumbd.resizer.codec.Codecs;
import dev.thumbd.resizer.kernel.Resamplers;
import dev.thumbd.resizer.negotiation.FormatNegotiator;
import dev.thumbd.resizer.pipeline.PipelineSettings;
import dev.thumbd.resizer.pipeline.ThumbnailPipeline;
import dev.thumbd.resizer.probe.ProbeLimits;
import dev.thumbd.spec.ImageFormat;
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
        return new ProbeLimits(l.maxSourceSize().toBytes(), l.maxPixels(), l.maxFrames());
    }

    @Bean
    ThumbnailPipeline thumbnailPipeline(ProbeLimits limits) {
        Codecs codecs = Codecs.detect(true);
        LOG.info("resize kernel: {}", Resamplers.describe());
        codecs.report().forEach(line -> LOG.info("codec {}", line));
        return new ThumbnailPipeline(codecs, Resamplers.preferred(), PipelineSettings.defaults().withLimits(limits));
    }

    @Bean
    FormatNegotiator formatNegotiator(ThumbnailPipeline pipeline) {
        return new FormatNegotiator((ImageFormat f) -> pipeline.codecs().encoder(f).isPresent());
    }

    @Bean(destroyMethod = "close")
    WorkerPool workerPool(ThumbdProperties properties) {
        ThumbdProperties.Admission a = properties.admission();
        int workers = a.workers() > 0 ? a.workers() : Runtime.getRuntime().availableProcessors();
        int queue = a.queue() > 0 ? a.queue() : 32 * workers;
        LOG.info("admission: {} CPU workers, queue of {}, deadline {}", workers, queue, a.deadline());
        return new WorkerPool(workers, queue);
    }
}
