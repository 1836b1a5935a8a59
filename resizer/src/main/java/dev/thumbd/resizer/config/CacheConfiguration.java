package dev.thumbd.resizer.config;

import dev.thumbd.resizer.admission.MemoryShares;
import dev.thumbd.resizer.cache.DiskCache;
import dev.thumbd.resizer.cache.MemoryCache;
import dev.thumbd.resizer.cache.StoreCache;
import dev.thumbd.resizer.metrics.ResizerMetrics;
import dev.thumbd.resizer.service.CacheLevels;
import dev.thumbd.resizer.source.HeldOriginals;
import dev.thumbd.resizer.source.SourceLoader;
import dev.thumbd.storage.ObjectStore;
import dev.thumbd.storage.remote.RemoteSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** L1, L2 and L3 as configured under {@code thumbd.cache}, and the coalescing source loader. */
@Configuration(proxyBeanMethods = false)
class CacheConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(CacheConfiguration.class);

    @Bean
    CacheLevels cacheLevels(ThumbdProperties properties, ObjectStore store, MemoryShares shares) {
        ThumbdProperties.Cache c = properties.cache();
        if (!c.enabled()) {
            LOG.warn("caching is off (thumbd.cache.enabled=false): every request computes its thumbnail");
            return CacheLevels.disabled();
        }
        long l1 = shares.l1();
        MemoryCache memory = new MemoryCache(l1);
        DiskCache disk = c.disk().enabled()
                ? new DiskCache(c.disk().dir(), c.disk().maxSize().toBytes(), c.disk().fsync()) : null;
        StoreCache derivatives = c.derivatives().enabled()
                ? new StoreCache(store, c.derivatives().prefix(), 64 << 20) : null;
        LOG.info("cache: L1 memory {} MiB; L2 disk {}; L3 store {}", l1 >> 20,
                disk == null ? "off" : disk.directory() + " " + (disk.maxBytes() >> 20) + " MiB",
                derivatives == null ? "off" : "prefix " + derivatives.prefix() + "/");
        return new CacheLevels(true, memory, disk, derivatives, c.disk().promoteMaxSize().toBytes());
    }

    @Bean
    SourceLoader sourceLoader(ThumbdProperties properties, ObjectStore store, RemoteSource remote,
            MemoryShares shares, io.micrometer.core.instrument.MeterRegistry registry) {
        ThumbdProperties.Sources s = properties.cache().sources();
        long recent = shares.sources();
        HeldOriginals held = new HeldOriginals(shares.originals());
        ResizerMetrics.bindHeldOriginals(registry, held);
        return new SourceLoader(store, remote, properties.limits().maxSourceSize().toBytes(), recent, s.ttl(), held);
    }
}
