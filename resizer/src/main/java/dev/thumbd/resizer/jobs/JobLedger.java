package dev.thumbd.resizer.jobs;

import reactor.core.publisher.Mono;

/**
 * Jobs and their progress, where every replica that renders their variants can report to: {@link RedisJobLedger}
 * beside the Redis queue, {@link JournaledJobLedger} beside the embedded one ({@link MemoryJobLedger}: in memory
 * only). A variant reported twice (delivery is at least once) counts once.
 */
public interface JobLedger {

    /**
     * Records a new job with nothing done; false (and nothing changed) when the id is known already.
     *
     * @param notify the URL its completion is posted to ({@link JobWebhooks}), or null
     */
    Mono<Boolean> create(String id, String variantSet, int total, java.time.Instant created,
            @org.jspecify.annotations.Nullable String notify);

    /** A job without a completion notification. */
    default Mono<Boolean> create(String id, String variantSet, int total, java.time.Instant created) {
        return create(id, variantSet, total, created, null);
    }

    /** The job, or empty when unknown. */
    Mono<JobStatus> find(String id);

    /** Variant {@code variant} of the job is stored. */
    Mono<Void> done(String id, String variant);

    /** Variant {@code failure.variant()} of the job could not be made. */
    Mono<Void> failed(String id, JobStatus.Failure failure);

    /** Cancels the job; false when unknown. */
    Mono<Boolean> cancel(String id);

    /** Whether the job was cancelled (an unknown job counts as cancelled: nobody waits for it). */
    Mono<Boolean> cancelled(String id);

    /**
     * The job's notification URL, to this caller alone: empty when the job is unknown, has none, or another caller
     * (another replica) claimed it before.
     */
    Mono<String> claimNotification(String id);
}
