package dev.thumbd.resizer.jobs;

import dev.thumbd.key.ObjectKey;
import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.queue.WorkQueue;
import dev.thumbd.spec.InvalidParameterException;
import dev.thumbd.spec.SpecParser;
import dev.thumbd.spec.ThumbnailSpec;
import dev.thumbd.storage.ObjectMetadata;
import dev.thumbd.storage.ObjectNotFoundException;
import dev.thumbd.storage.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Turns a job (a variant set and originals: listed keys, a key prefix, or one upload) into queue entries, one per
 * variant, after recording it in the {@link JobLedger}. The job's id is derived from the set's definition and each
 * original's key and version (its ETag), so the same job submitted again is the same job (nothing queued twice), and
 * the same keys after an overwrite are a new one. Intake is throttled, never dropped: a job that would take the queue
 * past {@code maxDepth} entries is refused whole with 503 {@code queue-full} and {@code Retry-After}.
 */
public final class JobIntake {

    /** Field names of a queue entry. */
    public static final String JOB = "job";
    public static final String KEY = "key";
    public static final String ETAG = "etag";
    public static final String VARIANT = "variant";

    private final Map<String, VariantSet> sets;
    private final SpecParser parser;
    private final ObjectStore store;
    private final WorkQueue queue;
    private final JobLedger ledger;
    private final int maxKeys;
    private final long maxDepth;
    private final String reservedPrefix;
    private final Clock clock;
    private final Map<String, String> eagerByPrefix;
    private final JobWebhooks webhooks;

    /**
     * @param maxKeys        most originals one job may name or a prefix may match (400 past it)
     * @param maxDepth       most entries the queue may hold (503 queue-full past it)
     * @param reservedPrefix the derivative cache's key prefix, never an original
     */
    public JobIntake(Map<String, VariantSet> sets, SpecParser parser, ObjectStore store, WorkQueue queue,
            JobLedger ledger, int maxKeys, long maxDepth, String reservedPrefix, Clock clock,
            Map<String, String> eagerByPrefix, JobWebhooks webhooks) {
        this.webhooks = webhooks;
        this.eagerByPrefix = Map.copyOf(eagerByPrefix);
        this.sets = Map.copyOf(sets);
        this.parser = parser;
        this.store = store;
        this.queue = queue;
        this.ledger = ledger;
        this.maxKeys = maxKeys;
        this.maxDepth = maxDepth;
        this.reservedPrefix = reservedPrefix;
        this.clock = clock;
    }

    /** The set called {@code name}; 400 naming {@code parameter} when there is none. */
    public VariantSet set(String parameter, String name) {
        VariantSet set = sets.get(name);
        if (set == null) {
            throw new InvalidParameterException(parameter, "a configured variant set ("
                    + String.join(", ", sets.keySet().stream().sorted().toList()) + ")", name);
        }
        return set;
    }

    /**
     * The set to queue after an upload of {@code key}: the one {@code eager=} names (400 when unknown, or when given
     * more than once), else the one configured for the longest prefix of the key, else none.
     */
    public Optional<VariantSet> eagerSet(String key, @Nullable List<String> eager) {
        if (eager != null) {
            if (eager.size() != 1) {
                throw new InvalidParameterException("eager", "one variant set", String.join(",", eager));
            }
            return Optional.of(set("eager", eager.getFirst()));
        }
        return eagerByPrefix.entrySet().stream().filter(e -> key.startsWith(e.getKey()))
                .max(java.util.Comparator.comparingInt(e -> e.getKey().length()))
                .map(e -> set("eager", e.getValue()));
    }

    /** What a submission answers: the job, and whether this call created it (false: it was known). */
    public record Submitted(JobStatus status, boolean created) {
    }

    /**
     * A job over the listed keys (each checked: decoded once, outside the reserved prefix).
     *
     * @param notify the URL the job's completion is posted to ({@link JobWebhooks}; 400 when not allowed), or null
     */
    public Mono<Submitted> submit(VariantSet set, List<String> keys, @Nullable String notify) {
        if (keys.isEmpty() || keys.size() > maxKeys) {
            throw new InvalidParameterException("keys", "1 to " + maxKeys + " storage keys", "" + keys.size());
        }
        List<ObjectKey> checked = keys.stream().map(this::original).distinct().toList();
        return webhooks.check(JobWebhooks.PARAMETER, notify).flatMap(url -> Flux.fromIterable(checked)
                .concatMap(k -> store.head(k).map(Optional::of)
                        .onErrorResume(ObjectNotFoundException.class, e -> Mono.just(Optional.empty()))
                        .map(m -> new Original(k.value(), m.map(ObjectMetadata::etag).orElse(null))))
                .collectList()
                .flatMap(originals -> enqueue(set, originals, url.orElse(null))));
    }

    /** A job over every original whose key starts with {@code prefix} (a backfill); {@code notify} as above. */
    public Mono<Submitted> backfill(VariantSet set, String prefix, @Nullable String notify) {
        ObjectKey.checkPrefix(prefix);
        return webhooks.check(JobWebhooks.PARAMETER, notify).flatMap(url -> store.list(prefix)
                .filter(m -> reservedPrefix.isEmpty() || !(m.key().value() + "/").startsWith(reservedPrefix + "/"))
                .take(maxKeys + 1L)
                .map(m -> new Original(m.key().value(), m.etag()))
                .collectList()
                .flatMap(originals -> {
                    if (originals.size() > maxKeys) {
                        return Mono.error(new InvalidParameterException("prefix", "a prefix of at most " + maxKeys
                                + " originals (split the backfill)", prefix));
                    }
                    if (originals.isEmpty()) {
                        return Mono.error(new ProblemException(ProblemType.SOURCE_NOT_FOUND,
                                "No original's key starts with '" + prefix + "'."));
                    }
                    return enqueue(set, originals, url.orElse(null));
                }));
    }

    /**
     * The eager set of an original just stored as version {@code etag}.
     *
     * @param notify a notification URL {@link #notification} admitted, or null
     */
    public Mono<Submitted> uploaded(VariantSet set, String key, String etag, @Nullable String notify) {
        return enqueue(set, List.of(new Original(key, etag)), notify);
    }

    /**
     * A notification URL checked ({@link JobWebhooks#check}: allowed prefix, then public addresses): empty when none
     * is given, a 400 naming {@code parameter} when refused (the prefix check throws at once, before any lookup).
     */
    public Mono<Optional<String>> notification(String parameter, @Nullable String notify) {
        return webhooks.check(parameter, notify);
    }

    private ObjectKey original(String raw) {
        ObjectKey key = ObjectKey.of(raw);
        if (!reservedPrefix.isEmpty() && (key.value() + "/").startsWith(reservedPrefix + "/")) {
            throw new InvalidParameterException("keys", "keys outside the reserved prefix '" + reservedPrefix + "/'",
                    raw);
        }
        return key;
    }

    /** An original of a job; {@code etag} null when it does not exist. */
    private record Original(String key, String etag) {
    }

    private Mono<Submitted> enqueue(VariantSet set, List<Original> originals, @Nullable String notify) {
        String id = jobId(set, originals);
        int total = originals.size() * set.size();
        return ledger.find(id).map(known -> new Submitted(known, false))
                .switchIfEmpty(Mono.defer(() -> queue.stats().flatMap(stats -> {
                    if (stats.depth() + total > maxDepth) {
                        return Mono.error(new ProblemException(ProblemType.QUEUE_FULL, "The background queue holds "
                                + stats.depth() + " renders; this job adds " + total + " and the limit is " + maxDepth
                                + ". Submit it again later: it keeps its id."));
                    }
                    return ledger.create(id, set.name(), total, clock.instant(), notify)
                            .flatMap(fresh -> fresh ? append(id, set, originals).then(webhooks.jobChanged(id))
                                    : Mono.empty())
                            .then(ledger.find(id))
                            .map(s -> new Submitted(s, true));
                })));
    }

    private Mono<Void> append(String id, VariantSet set, List<Original> originals) {
        return Flux.fromIterable(originals).concatMap(o -> {
            List<ThumbnailSpec> specs = set.specs(o.key(), parser);
            if (o.etag() == null) {
                return Flux.fromIterable(specs).concatMap(s -> ledger.failed(id, new JobStatus.Failure(o.key(),
                        s.canonicalQuery(), ProblemType.SOURCE_NOT_FOUND.slug(), ProblemType.SOURCE_NOT_FOUND.status(),
                        "There is no original under '" + o.key() + "'.")));
            }
            return Flux.fromIterable(specs).concatMap(s -> queue.append(Map.of(JOB, id, KEY, o.key(), ETAG,
                    o.etag(), VARIANT, s.canonicalQuery())));
        }).then();
    }

    /** sha-256 over the set's name and definition and each original's key and version, in order; 32 hex digits. */
    static String jobId(VariantSet set, List<Original> originals) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            List<String> parts = new ArrayList<>(List.of(set.name(), set.definition()));
            for (Original o : originals.stream().sorted(java.util.Comparator.comparing(Original::key)).toList()) {
                parts.add(o.key());
                parts.add(o.etag() == null ? "-" : o.etag());
            }
            for (String p : parts) {
                byte[] b = p.getBytes(StandardCharsets.UTF_8);
                sha.update(java.nio.ByteBuffer.allocate(4).putInt(b.length).array());
                sha.update(b);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
