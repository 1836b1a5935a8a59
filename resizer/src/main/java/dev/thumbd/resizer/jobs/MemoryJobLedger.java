package dev.thumbd.resizer.jobs;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * A ledger in memory alone (for tests and tools; the service journals its own, {@link JournaledJobLedger}): at most
 * {@code maxJobs} jobs, each kept for {@code keep} after its last change; a restart forgets them.
 */
public final class MemoryJobLedger implements JobLedger {

    private static final class Job {
        final String variantSet;
        final int total;
        final Instant created;
        final @org.jspecify.annotations.Nullable String notify;
        boolean notified;
        final Set<String> done = ConcurrentHashMap.newKeySet();
        final Map<String, JobStatus.Failure> failures = new LinkedHashMap<>();
        volatile boolean cancelled;

        Job(String variantSet, int total, Instant created, @org.jspecify.annotations.Nullable String notify) {
            this.notify = notify;
            this.variantSet = variantSet;
            this.total = total;
            this.created = created;
        }
    }

    private final Cache<String, Job> jobs;

    public MemoryJobLedger(long maxJobs, Duration keep) {
        this.jobs = Caffeine.newBuilder().maximumSize(maxJobs).expireAfterAccess(keep).build();
    }

    @Override
    public Mono<Boolean> create(String id, String variantSet, int total, Instant created,
            @org.jspecify.annotations.Nullable String notify) {
        return Mono.fromSupplier(() -> {
            boolean[] fresh = {false};
            jobs.get(id, k -> {
                fresh[0] = true;
                return new Job(variantSet, total, created, notify);
            });
            return fresh[0];
        });
    }

    @Override
    public Mono<JobStatus> find(String id) {
        return Mono.fromSupplier(() -> jobs.getIfPresent(id)).map(j -> {
            synchronized (j) {
                return new JobStatus(id, j.variantSet, j.total, j.done.size(), j.failures.values().stream()
                        .filter(f -> !j.done.contains(f.variant())).toList(), j.cancelled, j.created);
            }
        });
    }

    @Override
    public Mono<Void> done(String id, String variant) {
        return Mono.fromRunnable(() -> {
            Job j = jobs.getIfPresent(id);
            if (j != null) {
                synchronized (j) {
                    j.done.add(variant);
                }
            }
        });
    }

    @Override
    public Mono<Void> failed(String id, JobStatus.Failure failure) {
        return Mono.fromRunnable(() -> {
            Job j = jobs.getIfPresent(id);
            if (j != null) {
                synchronized (j) {
                    j.failures.putIfAbsent(failure.variant(), failure);
                }
            }
        });
    }

    @Override
    public Mono<Boolean> cancel(String id) {
        return Mono.fromSupplier(() -> {
            Job j = jobs.getIfPresent(id);
            if (j != null) {
                j.cancelled = true;
            }
            return j != null;
        });
    }

    @Override
    public Mono<Boolean> cancelled(String id) {
        return Mono.fromSupplier(() -> {
            Job j = jobs.getIfPresent(id);
            return j == null || j.cancelled;
        });
    }

    @Override
    public Mono<String> claimNotification(String id) {
        return Mono.fromSupplier(() -> {
            Job j = jobs.getIfPresent(id);
            if (j == null) {
                return null;
            }
            synchronized (j) {
                if (j.notify == null || j.notified) {
                    return null;
                }
                j.notified = true;
                return j.notify;
            }
        });
    }
}
