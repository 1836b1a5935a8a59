package dev.thumbd.resizer.jobs;

import dev.thumbd.key.ObjectKey;
import dev.thumbd.resizer.service.ThumbnailService;
import dev.thumbd.spec.InvalidParameterException;
import dev.thumbd.storage.ObjectNotFoundException;
import dev.thumbd.storage.ObjectStore;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * S3 event notifications about originals written or deleted outside thumbd (AWS S3, and MinIO or other servers'
 * webhook targets, which post the same record format). Per record: {@code ObjectCreated:*} purges the key's
 * derivatives and queues its eager set (by prefix, else {@code defaultSet}); {@code ObjectRemoved:*} purges.
 * Records of the derivative prefix (thumbd's own L3 writes) are ignored, and so is every record whose
 * {@code sequencer} is not greater than the last one handled for its key (a duplicate, or an older event arriving
 * late): the sequencers of one key are compared as S3 says, the shorter left-padded with zeros. The last sequencer
 * per key lives in a {@link SequencerMemory} (Redis: shared by every replica; embedded: journaled, kept across
 * restarts). A record's key is advanced to its sequencer in one atomic step before it is handled (so of two replicas
 * given the same record, one handles it), and given back when its purge or its job fails or its handling is
 * cancelled, so a redelivery after a failure is handled again.
 */
public final class BucketEvents {

    /** One record, as read off the notification. */
    public record Record(String eventName, @Nullable String bucket, String rawKey, @Nullable String sequencer) {
    }

    /** What a batch of records came to, and the ids of the jobs it queued. */
    public record Outcome(int created, int removed, int ignored, List<String> jobs) {
    }

    private final ObjectStore store;
    private final ThumbnailService service;
    private final JobIntake intake;
    private final @Nullable String bucket;
    private final String reservedPrefix;
    private final Optional<VariantSet> defaultSet;
    private final SequencerMemory sequencers;

    /**
     * @param bucket     the bucket originals are in (records of others are ignored); null: any
     * @param defaultSet the set queued for a created original whose key matches no eager prefix; empty: none
     */
    public BucketEvents(ObjectStore store, ThumbnailService service, JobIntake intake, @Nullable String bucket,
            String reservedPrefix, Optional<VariantSet> defaultSet, SequencerMemory sequencers) {
        this.store = store;
        this.service = service;
        this.intake = intake;
        this.bucket = bucket;
        this.reservedPrefix = reservedPrefix;
        this.defaultSet = defaultSet;
        this.sequencers = sequencers;
    }

    /** Handles the records in sequencer order per key, one at a time. */
    public Mono<Outcome> handle(List<Record> records) {
        int[] counts = new int[3];
        List<String> jobs = new java.util.ArrayList<>();
        List<Record> ordered = records.stream().sorted(Comparator.comparing(Record::rawKey)
                .thenComparing(r -> SequencerMemory.padded(r.sequencer(), 32))).toList();
        return Flux.fromIterable(ordered).concatMap(r -> one(r, jobs).doOnNext(kind -> counts[kind]++))
                .then(Mono.fromSupplier(() -> new Outcome(counts[0], counts[1], counts[2], List.copyOf(jobs))));
    }

    private static final int CREATED = 0;
    private static final int REMOVED = 1;
    private static final int IGNORED = 2;

    private Mono<Integer> one(Record r, List<String> jobs) {
        boolean created = r.eventName().startsWith("ObjectCreated:") || r.eventName().startsWith("s3:ObjectCreated:");
        boolean removed = r.eventName().startsWith("ObjectRemoved:") || r.eventName().startsWith("s3:ObjectRemoved:");
        if (!created && !removed || (bucket != null && r.bucket() != null && !bucket.equals(r.bucket()))) {
            return Mono.just(IGNORED);
        }
        ObjectKey key;
        try {
            // S3 sends keys form-encoded: '+' for a space, %XX for the rest
            key = ObjectKey.of(URLDecoder.decode(r.rawKey(), StandardCharsets.UTF_8), "Records[].s3.object.key");
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException("Records[].s3.object.key", "a storage key", r.rawKey());
        }
        if (!reservedPrefix.isEmpty() && (key.value() + "/").startsWith(reservedPrefix + "/")) {
            return Mono.just(IGNORED);
        }
        String seq = r.sequencer() == null ? "" : r.sequencer();
        // claimed (not greater: empty), handled, then kept; given back when the handling fails or is cancelled
        // (a caller's timeout), so the record's redelivery is handled
        return Mono.usingWhen(sequencers.advance(key.value(), seq), claim -> {
            Mono<Void> purge = service.purge(key.value());
            return removed ? purge.thenReturn(REMOVED)
                    : purge.then(queueEager(key)).doOnNext(jobs::add).then(Mono.just(CREATED));
        }, claim -> Mono.empty(), (claim, failed) -> sequencers.release(claim), sequencers::release)
                .defaultIfEmpty(IGNORED);
    }

    private Mono<String> queueEager(ObjectKey key) {
        Optional<VariantSet> set = intake.eagerSet(key.value(), null).or(() -> defaultSet);
        if (set.isEmpty()) {
            return Mono.empty();
        }
        // the version now (a later event for a later write queues that one: same version, same job)
        return store.head(key).flatMap(m -> intake.uploaded(set.get(), key.value(), m.etag(), null))
                .map(s -> s.status().id())
                .onErrorResume(ObjectNotFoundException.class, e -> Mono.empty());
    }
}
