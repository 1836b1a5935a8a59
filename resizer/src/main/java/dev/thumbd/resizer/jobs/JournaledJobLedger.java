package dev.thumbd.resizer.jobs;

import dev.thumbd.resizer.queue.Journal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The ledger of a single resizer beside the embedded queue: jobs in memory, every change first written to a
 * {@link Journal} (a sibling of the queue's) and forced to disk, so a restart keeps each job's counts, failures,
 * cancellation and notification. At most {@code maxJobs} jobs, each kept for {@code keep} after its last change (the
 * oldest change goes first); the journal is compacted when it holds four times more records than the live jobs need.
 * Calls run on {@code io} (they wait for the disk), one at a time.
 */
public final class JournaledJobLedger implements JobLedger, AutoCloseable {

    private static final int COMPACT_AFTER = 1024;

    private static final class Job {
        final String variantSet;
        final int total;
        final Instant created;
        final @Nullable String notify;
        final Set<String> done = new LinkedHashSet<>();
        final Map<String, JobStatus.Failure> failures = new LinkedHashMap<>();
        boolean cancelled;
        boolean notified;
        long changed;

        Job(String variantSet, int total, Instant created, @Nullable String notify, long changed) {
            this.variantSet = variantSet;
            this.total = total;
            this.created = created;
            this.notify = notify;
            this.changed = changed;
        }

        /** Records a snapshot of this job takes. */
        int records() {
            return 1 + done.size() + failures.size() + (cancelled ? 1 : 0) + (notified ? 1 : 0);
        }
    }

    private final Journal<LedgerRecord> journal;
    private final Scheduler io;
    private final int maxJobs;
    private final long keepMillis;
    private final Clock clock;
    /** In order of last change, oldest first. */
    private final LinkedHashMap<String, Job> jobs = new LinkedHashMap<>();
    private long needed;

    private JournaledJobLedger(Path file, Scheduler io, int maxJobs, Duration keep, Clock clock) throws IOException {
        this.io = io;
        this.maxJobs = maxJobs;
        this.keepMillis = keep.toMillis();
        this.clock = clock;
        this.journal = Journal.open(file, LedgerRecord.CODEC, this::apply);
        forget();
    }

    /** Opens the ledger journaled in {@code file} (created when missing), replaying what it holds. */
    public static JournaledJobLedger open(Path file, Scheduler io, int maxJobs, Duration keep, Clock clock)
            throws IOException {
        if (maxJobs < 1) {
            throw new IllegalArgumentException("maxJobs must be at least 1");
        }
        return new JournaledJobLedger(file, io, maxJobs, keep, clock);
    }

    /** Applies one change to memory (at replay, and after it is written); false when it changes nothing. */
    private boolean apply(LedgerRecord r) {
        if (r instanceof LedgerRecord.Create c) {
            if (jobs.containsKey(c.id())) {
                return false;
            }
            jobs.put(c.id(), new Job(c.variantSet(), c.total(), c.created(), c.notifyUrl(), c.at()));
            needed++;
            return true;
        }
        Job j = jobs.get(r.id());
        if (j == null) {
            return false;
        }
        boolean changed = switch (r) {
            case LedgerRecord.Done d -> j.done.add(d.variant());
            case LedgerRecord.Failed f -> j.failures.putIfAbsent(f.failure().variant(), f.failure()) == null;
            case LedgerRecord.Cancel c -> !j.cancelled && (j.cancelled = true);
            case LedgerRecord.Notified n -> !j.notified && (j.notified = true);
            case LedgerRecord.Create c -> false;
        };
        if (changed) {
            needed++;
            j.changed = r.at();
            jobs.remove(r.id());
            jobs.put(r.id(), j);
        }
        return changed;
    }

    /** Drops the jobs past {@code keep} since their last change, and the oldest past {@code maxJobs}. */
    private void forget() {
        long now = clock.millis();
        Iterator<Job> it = jobs.values().iterator();
        while (it.hasNext()) {
            Job j = it.next();
            if (jobs.size() <= maxJobs && now - j.changed < keepMillis) {
                break;
            }
            needed -= j.records();
            it.remove();
        }
    }

    private <T> Mono<T> call(Callable<@Nullable T> work) {
        return Mono.fromCallable(() -> {
            synchronized (this) {
                return work.call();
            }
        }).subscribeOn(io);
    }

    /** Writes {@code r} (forced) when it changes something, then applies it; whether it did. */
    private boolean record(LedgerRecord r) throws IOException {
        forget();
        Job j = jobs.get(r.id());
        boolean changes = switch (r) {
            case LedgerRecord.Create c -> j == null;
            case LedgerRecord.Done d -> j != null && !j.done.contains(d.variant());
            case LedgerRecord.Failed f -> j != null && !j.failures.containsKey(f.failure().variant());
            case LedgerRecord.Cancel c -> j != null && !j.cancelled;
            case LedgerRecord.Notified n -> j != null && !j.notified;
        };
        if (!changes) {
            return false;
        }
        journal.write(List.of(r));
        apply(r);
        compactIfWorth();
        return true;
    }

    @Override
    public Mono<Boolean> create(String id, String variantSet, int total, Instant created, @Nullable String notify) {
        return call(() -> record(new LedgerRecord.Create(id, variantSet, total, created, notify, clock.millis())));
    }

    @Override
    public Mono<JobStatus> find(String id) {
        return call(() -> {
            forget();
            Job j = jobs.get(id);
            return j == null ? null : new JobStatus(id, j.variantSet, j.total, j.done.size(), j.failures.values()
                    .stream().filter(f -> !j.done.contains(f.variant())).toList(), j.cancelled, j.created);
        });
    }

    @Override
    public Mono<Void> done(String id, String variant) {
        return call(() -> record(new LedgerRecord.Done(id, variant, clock.millis()))).then();
    }

    @Override
    public Mono<Void> failed(String id, JobStatus.Failure failure) {
        return call(() -> record(new LedgerRecord.Failed(id, failure, clock.millis()))).then();
    }

    @Override
    public Mono<Boolean> cancel(String id) {
        return call(() -> {
            record(new LedgerRecord.Cancel(id, clock.millis()));
            return jobs.containsKey(id);
        });
    }

    @Override
    public Mono<Boolean> cancelled(String id) {
        return call(() -> {
            Job j = jobs.get(id);
            return j == null || j.cancelled;
        });
    }

    @Override
    public Mono<String> claimNotification(String id) {
        return call(() -> {
            Job j = jobs.get(id);
            if (j == null || j.notify == null || j.notified) {
                return null;
            }
            record(new LedgerRecord.Notified(id, clock.millis()));
            return j.notify;
        });
    }

    /** Rewrites the journal when it holds four times more records than a snapshot of the live jobs. */
    private void compactIfWorth() throws IOException {
        if (journal.records() < COMPACT_AFTER || journal.records() < 4 * needed) {
            return;
        }
        List<LedgerRecord> snapshot = new ArrayList<>((int) needed);
        for (Map.Entry<String, Job> e : jobs.entrySet()) {
            String id = e.getKey();
            Job j = e.getValue();
            snapshot.add(new LedgerRecord.Create(id, j.variantSet, j.total, j.created, j.notify, j.changed));
            j.done.forEach(v -> snapshot.add(new LedgerRecord.Done(id, v, j.changed)));
            j.failures.values().forEach(f -> snapshot.add(new LedgerRecord.Failed(id, f, j.changed)));
            if (j.cancelled) {
                snapshot.add(new LedgerRecord.Cancel(id, j.changed));
            }
            if (j.notified) {
                snapshot.add(new LedgerRecord.Notified(id, j.changed));
            }
        }
        journal.rewrite(snapshot);
    }

    /** Records in the journal file now (compaction keeps this near what the live jobs need). */
    synchronized long journalRecords() {
        return journal.records();
    }

    @Override
    public synchronized void close() {
        try {
            journal.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "journaled job ledger";
    }
}
