package dev.thumbd.resizer.config;

import dev.thumbd.resizer.admission.WorkerPool;
import dev.thumbd.resizer.degradation.DegradationController;
import dev.thumbd.resizer.jobs.BackgroundRenders;
import dev.thumbd.resizer.jobs.BucketEvents;
import dev.thumbd.resizer.jobs.InteractiveFirst;
import dev.thumbd.resizer.jobs.JobIntake;
import dev.thumbd.resizer.jobs.JobLedger;
import dev.thumbd.resizer.jobs.JobMeters;
import dev.thumbd.resizer.jobs.JobWebhooks;
import dev.thumbd.resizer.jobs.WebhookPolicy;
import dev.thumbd.resizer.jobs.WebhookSender;
import dev.thumbd.resizer.jobs.WebhookSignature;
import dev.thumbd.resizer.jobs.JournaledJobLedger;
import dev.thumbd.resizer.jobs.RedisJobLedger;
import dev.thumbd.resizer.jobs.RedisSequencerMemory;
import dev.thumbd.resizer.jobs.JournaledSequencerMemory;
import dev.thumbd.resizer.jobs.SequencerMemory;
import dev.thumbd.resizer.jobs.VariantSet;
import dev.thumbd.resizer.queue.Deliveries;
import dev.thumbd.resizer.queue.JournaledQueue;
import dev.thumbd.resizer.queue.RedisStreamQueue;
import dev.thumbd.resizer.queue.WorkQueue;
import dev.thumbd.resizer.service.ThumbnailService;
import dev.thumbd.spec.SpecParser;
import dev.thumbd.storage.ObjectStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;

/** Background renders: the queue engine, the job ledger, intake, and this replica's consumer. */
@Configuration(proxyBeanMethods = false)
class JobsConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(JobsConfiguration.class);

    @Bean(destroyMethod = "close")
    WorkQueue workQueue(ThumbdProperties properties) throws IOException {
        ThumbdProperties.Jobs j = properties.jobs();
        WorkQueue q = switch (j.queue()) {
            case "embedded" -> JournaledQueue.open(j.journalFile(properties.cache().disk().dir()), Schedulers.boundedElastic(),
                    j.maxDeliveries());
            case "redis" -> RedisStreamQueue.connect(j.redisUri(), j.stream(), j.group(), j.maxDeliveries());
            default -> throw new IllegalArgumentException("thumbd.jobs.queue: embedded or redis, not " + j.queue());
        };
        LOG.info("jobs: {} ({}), variant sets {}", q, j.queue().equals("embedded") ? j.journalFile(properties.cache().disk().dir())
                : j.redisUri().replaceAll("//[^@/]*@", "//***@"), j.variantSets().keySet());
        return q;
    }

    /** Closed by Spring (both are {@link AutoCloseable}). */
    @Bean
    JobLedger jobLedger(ThumbdProperties properties) throws IOException {
        ThumbdProperties.Jobs j = properties.jobs();
        return j.queue().equals("redis") ? new RedisJobLedger(j.redisUri(), j.stream() + ":job:", j.keep())
                : JournaledJobLedger.open(j.ledgerFile(properties.cache().disk().dir()), Schedulers.boundedElastic(),
                        100_000, j.keep(), Clock.systemUTC());
    }

    @Bean
    JobIntake jobIntake(ThumbdProperties properties, SpecParser parser, ObjectStore store, WorkQueue queue,
            JobLedger ledger, JobWebhooks webhooks) {
        ThumbdProperties.Jobs j = properties.jobs();
        Map<String, VariantSet> sets = new LinkedHashMap<>();
        j.variantSets().forEach((name, definition) -> sets.put(name, VariantSet.parse(name, definition, parser)));
        j.eagerByPrefix().forEach((prefix, set) -> {
            if (!sets.containsKey(set)) {
                throw new IllegalArgumentException("thumbd.jobs.eager-by-prefix." + prefix + ": no variant set " + set);
            }
        });
        return new JobIntake(sets, parser, store, queue, ledger, j.maxKeys(), j.maxDepth(),
                properties.cache().derivatives().prefix(), Clock.systemUTC(), j.eagerByPrefix(), webhooks);
    }

    @Bean
    JobWebhooks jobWebhooks(ThumbdProperties properties, JobLedger ledger, WorkQueue queue, JobMeters meters) {
        ThumbdProperties.Webhooks w = properties.jobs().webhooks();
        WebhookPolicy policy = new WebhookPolicy(w.allowed(), w.allowPrivate(), Schedulers.boundedElastic());
        if (policy.enabled() && w.secret().isEmpty()) {
            throw new IllegalArgumentException("thumbd.jobs.webhooks.secret is needed when "
                    + "thumbd.jobs.webhooks.allowed is set");
        }
        LOG.info("jobs: completion notifications {}", policy.enabled() ? "to " + w.allowed()
                + (w.allowPrivate() ? " (private addresses allowed)" : "") : "off");
        return new JobWebhooks(ledger, queue, policy, w.secret().isEmpty() ? null : new WebhookSignature(w.secret()),
                new WebhookSender(w.timeout()), Clock.systemUTC(), w.attempts(), w.backoff(), meters);
    }

    /** The last sequencer handled per key, shared like the queue; closed by Spring (both are AutoCloseable). */
    @Bean
    SequencerMemory sequencerMemory(ThumbdProperties properties) throws IOException {
        ThumbdProperties.Jobs j = properties.jobs();
        if (j.eventsRememberedKeys() < 1 || j.eventsRemember().toMillis() < 1) {
            throw new IllegalArgumentException("thumbd.jobs.events-remember and thumbd.jobs.events-remembered-keys "
                    + "must be positive");
        }
        return j.queue().equals("redis") ? new RedisSequencerMemory(j.redisUri(), j.stream() + ":seq:",
                j.eventsRemember())
                : JournaledSequencerMemory.open(j.sequencersFile(properties.cache().disk().dir()),
                        Schedulers.boundedElastic(), j.eventsRememberedKeys(), j.eventsRemember(), Clock.systemUTC());
    }

    @Bean
    BucketEvents bucketEvents(ThumbdProperties properties, ObjectStore store, ThumbnailService service,
            JobIntake intake, SequencerMemory sequencers) {
        ThumbdProperties.Jobs j = properties.jobs();
        String bucket = properties.store().type().equals("s3") ? properties.store().s3().bucket() : null;
        return new BucketEvents(store, service, intake, bucket, properties.cache().derivatives().prefix(),
                j.eventsVariantSet().isEmpty() ? java.util.Optional.empty()
                        : java.util.Optional.of(intake.set("thumbd.jobs.events-variant-set", j.eventsVariantSet())),
                sequencers);
    }

    @Bean
    JobMeters jobMeters(MeterRegistry registry, WorkQueue queue) {
        return new JobMeters(registry, queue, Duration.ofSeconds(5));
    }

    @Bean
    InteractiveFirst interactiveFirst(WorkerPool pool, DegradationController degradation, ThumbdProperties properties) {
        return new InteractiveFirst(pool, degradation::level, properties.jobs().avifConcurrency(),
                Duration.ofMillis(50));
    }

    /** This replica's consumer; nothing when {@code thumbd.jobs.enabled=false}. */
    @Bean(destroyMethod = "dispose")
    Disposable backgroundRenders(ThumbdProperties properties, WorkQueue queue, JobLedger ledger,
            ThumbnailService service, SpecParser parser, InteractiveFirst gate, JobMeters meters,
            JobWebhooks webhooks) {
        ThumbdProperties.Jobs j = properties.jobs();
        if (!properties.servesApi() && (!j.enabled() || !j.queue().equals("redis"))) {
            throw new IllegalArgumentException("thumbd.role=worker consumes a shared queue: it needs "
                    + "thumbd.jobs.queue=redis and thumbd.jobs.enabled=true (the embedded queue is one process's)");
        }
        if (!j.enabled()) {
            return () -> { };
        }
        LOG.info("jobs: {} consuming as {}", properties.servesApi() ? "the API" : "a worker (no /v1 routes)",
                j.consumer().isEmpty() ? consumerName() : j.consumer());
        String consumer = j.consumer().isEmpty() ? consumerName() : j.consumer();
        return new BackgroundRenders(queue, ledger, service, parser, gate, meters, webhooks).start(consumer, j.concurrency(),
                new Deliveries.Settings(j.batch(), j.minIdle(), Duration.ofMillis(200)));
    }

    private static String consumerName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "resizer";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }
}
