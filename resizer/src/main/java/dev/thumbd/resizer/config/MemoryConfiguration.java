package dev.thumbd.resizer.config;

import dev.thumbd.resizer.admission.MemoryShares;
import dev.thumbd.resizer.admission.PixelBudget;
import dev.thumbd.resizer.degradation.HeapAfterGc;
import dev.thumbd.resizer.degradation.RecentLatency;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/** The memory model: the heap shared out at start (reported in the log), and the pixel budget renders wait for. */
@Configuration(proxyBeanMethods = false)
class MemoryConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryConfiguration.class);

    @Bean
    MemoryShares memoryShares(ThumbdProperties properties) {
        ThumbdProperties.Memory m = properties.memory();
        ThumbdProperties.Cache c = properties.cache();
        long heap = Runtime.getRuntime().maxMemory();
        long l1 = !c.enabled() ? 0 : c.memoryMaxSize() != null ? c.memoryMaxSize().toBytes()
                : (long) (heap * c.memoryHeapFraction());
        long sources = c.enabled() ? c.sources().maxSize().toBytes() : 0;
        // decoded pixels kept between renders: shared decodes of originals and the decoded overlays (wm)
        long shared = (c.enabled() ? m.sharedDecodes().toBytes() : 0) + m.overlays().toBytes();
        long scratch = (long) EngineConfiguration.workers(properties) * m.scratchRetain().toBytes();
        MemoryShares shares = MemoryShares.of(heap, young(heap), m.framework().toBytes(), l1, sources,
                m.originals().toBytes(), shared,
                m.writeBehind().toBytes(), scratch, bytes(m.pixelBudget()), bytes(m.nativeBudget()),
                m.jvmOverhead().toBytes());
        LOG.info("memory: {}", shares.describe());
        return shares;
    }

    /** The waits of recent renders for a worker, for the degradation controller's latency level. */
    @Bean
    RecentLatency recentLatency() {
        return new RecentLatency(Clock.systemUTC(), Duration.ofSeconds(10));
    }

    @Bean
    PixelBudget pixelBudget(MemoryShares shares, ThumbdProperties properties) {
        // Waiting for pixel memory is not overload: two large renders on two workers take turns by design. The worker
        // pool admits renders here with one wait bound for both waits, for a worker and for memory (half the
        // deadline); past it the render is answered 503. It is metered (thumbd.memory.renders).
        return new PixelBudget(shares.pixelBudget(), shares.nativeBudget(),
                properties.admission().deadline().dividedBy(2), nanos -> { });
    }

    /** The heap less the old generation's maximum (0 when the collector has no separate old generation). */
    private static long young(long heap) {
        MemoryPoolMXBean old = HeapAfterGc.tenured(ManagementFactory.getMemoryPoolMXBeans());
        long max = old == null ? -1 : old.getUsage().getMax();
        return max > 0 && max < heap ? heap - max : 0;
    }

    private static long bytes(@Nullable DataSize size) {
        return size == null ? 0 : size.toBytes();
    }
}
