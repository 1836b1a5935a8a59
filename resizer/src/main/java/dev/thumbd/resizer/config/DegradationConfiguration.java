package dev.thumbd.resizer.config;

import com.sun.management.OperatingSystemMXBean;
import dev.thumbd.resizer.admission.PixelBudget;
import dev.thumbd.resizer.admission.WorkerPool;
import dev.thumbd.resizer.degradation.DegradationController;
import dev.thumbd.resizer.degradation.HeapAfterGc;
import dev.thumbd.resizer.degradation.RecentLatency;
import dev.thumbd.resizer.degradation.WaterLevels;
import dev.thumbd.resizer.metrics.ResizerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The degradation controller, its one-second water-level sampler, its meters, and level 4's shedding. */
@Configuration(proxyBeanMethods = false)
class DegradationConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(DegradationConfiguration.class);

    @Bean
    DegradationController degradationController(MeterRegistry registry, WorkerPool pool, RecentLatency waits) {
        pool.observeQueueWaits(waits::record);   // with the pixel budget's waits (MemoryConfiguration)
        Counter transitions = Counter.builder(ResizerMetrics.DEGRADATION_TRANSITIONS)
                .description("changes of the degradation level").register(registry);
        DegradationController c = new DegradationController(Clock.systemUTC(), level -> transitions.increment());
        Gauge.builder(ResizerMetrics.DEGRADATION_LEVEL, c, DegradationController::level)
                .description("degradation level in force: 0 normal ... 4 cache hits only").register(registry);
        pool.shedAllWhen(() -> c.level() >= DegradationController.MAX_LEVEL);
        return c;
    }


    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService degradationSampler(DegradationController controller, WorkerPool pool,
            RecentLatency recent, ThumbdProperties properties, PixelBudget budget) {
        double target = properties.degradation().p99Target().toNanos();
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "thumbd-degradation");
            t.setDaemon(true);
            return t;
        });
        if (!properties.degradation().waterLevels()) {
            LOG.warn("degradation: the water levels are ignored (thumbd.degradation.water-levels=false); only "
                    + "Alertmanager's webhook moves the level");
            return s;
        }
        OperatingSystemMXBean os = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
        HeapAfterGc heap = HeapAfterGc.platform();
        LOG.info("degradation: heap water level from {}", heap.describe());
        s.scheduleAtFixedRate(() -> {
            // pixel memory is governed by the budget: the heap level watches the rest
            double heapFraction = heap.fraction(budget.used(), budget.capacity());
            double cpu = os == null ? -1 : os.getProcessCpuLoad();
            double latency = recent.p99Nanos().stream().mapToDouble(p99 -> p99 / target).findFirst().orElse(-1);
            controller.sample(new WaterLevels((double) pool.queued() / Math.max(1, pool.queueCapacity()),
                    heapFraction, cpu, latency));
        }, 1, 1, TimeUnit.SECONDS);
        return s;
    }
}
