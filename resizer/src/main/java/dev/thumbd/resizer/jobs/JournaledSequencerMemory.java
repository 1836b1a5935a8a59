package dev.thumbd.resizer.jobs;

import dev.thumbd.resizer.queue.Journal;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The sequencer memory of a single resizer beside the embedded queue: in memory, every change first written to a
 * {@link Journal} (a sibling of the queue's) and forced to disk, so a restart keeps it. At most {@code maxKeys} keys,
 * each kept for {@code keep} after its last change (the oldest change goes first); the journal is compacted when it
 * holds four times more records than the live keys. Calls run on {@code io} (they wait for the disk), one at a time,
 * so the comparison and the advance are one step.
 */
public final class JournaledSequencerMemory implements SequencerMemory, AutoCloseable {

    private static final int COMPACT_AFTER = 1024;

    /** One change as the journal holds it: {@code sequencer} null forgets the key; {@code at} epoch ms. */
    record Change(String key, @Nullable String sequencer, long at) {
    }

    /** An op byte ({@code R} remember, {@code F} forget), the key, the time, the sequencer when remembered. */
    static final Journal.Codec<Change> CODEC = new Journal.Codec<>() {
        @Override
        public void encode(Change c, DataOutputStream out) throws IOException {
            out.writeByte(c.sequencer() == null ? 'F' : 'R');
            out.writeUTF(c.key());
            out.writeLong(c.at());
            if (c.sequencer() != null) {
                out.writeUTF(c.sequencer());
            }
        }

        @Override
        public Change decode(DataInputStream in) throws IOException {
            int op = in.readByte();
            String key = in.readUTF();
            long at = in.readLong();
            return switch (op) {
                case 'R' -> new Change(key, in.readUTF(), at);
                case 'F' -> new Change(key, null, at);
                default -> throw new IOException("unknown record " + op);
            };
        }
    };

    private record Remembered(String sequencer, long at) {
    }

    private final Journal<Change> journal;
    private final Scheduler io;
    private final int maxKeys;
    private final long keepMillis;
    private final Clock clock;
    /** In order of last change, oldest first. */
    private final LinkedHashMap<String, Remembered> keys = new LinkedHashMap<>();

    private JournaledSequencerMemory(Path file, Scheduler io, int maxKeys, Duration keep, Clock clock)
            throws IOException {
        this.io = io;
        this.maxKeys = maxKeys;
        this.keepMillis = keep.toMillis();
        this.clock = clock;
        this.journal = Journal.open(file, CODEC, this::apply);
        forget();
    }

    /** Opens the memory journaled in {@code file} (created when missing), replaying what it holds. */
    public static JournaledSequencerMemory open(Path file, Scheduler io, int maxKeys, Duration keep, Clock clock)
            throws IOException {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be at least 1");
        }
        return new JournaledSequencerMemory(file, io, maxKeys, keep, clock);
    }

    private void apply(Change c) {
        keys.remove(c.key());
        if (c.sequencer() != null) {
            keys.put(c.key(), new Remembered(c.sequencer(), c.at()));
        }
    }

    /** Drops the keys past {@code keep} since their last change, and the oldest past {@code maxKeys}. */
    private void forget() {
        long now = clock.millis();
        Iterator<Remembered> it = keys.values().iterator();
        while (it.hasNext()) {
            Remembered r = it.next();
            if (keys.size() <= maxKeys && now - r.at() < keepMillis) {
                break;
            }
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

    /** Writes {@code c} (forced), then applies it. */
    private void record(Change c) throws IOException {
        journal.write(List.of(c));
        apply(c);
        forget();
        compactIfWorth();
    }

    @Override
    public Mono<Claim> advance(String key, String sequencer) {
        return call(() -> {
            forget();
            Remembered last = keys.get(key);
            if (last != null && SequencerMemory.compare(sequencer, last.sequencer()) <= 0) {
                return null;
            }
            record(new Change(key, sequencer, clock.millis()));
            return new Claim(key, sequencer, last == null ? null : last.sequencer());
        });
    }

    @Override
    public Mono<Void> release(Claim claim) {
        return call(() -> {
            Remembered now = keys.get(claim.key());
            if (now != null && now.sequencer().equals(claim.sequencer())) {
                record(new Change(claim.key(), claim.previous(), clock.millis()));
            }
            return null;
        }).then();
    }

    /** Rewrites the journal when it holds four times more records than the live keys. */
    private void compactIfWorth() throws IOException {
        if (journal.records() < COMPACT_AFTER || journal.records() < 4L * keys.size()) {
            return;
        }
        List<Change> snapshot = new ArrayList<>(keys.size());
        for (Map.Entry<String, Remembered> e : keys.entrySet()) {
            snapshot.add(new Change(e.getKey(), e.getValue().sequencer(), e.getValue().at()));
        }
        journal.rewrite(snapshot);
    }

    /** Records in the journal file now (compaction keeps this near the live keys). */
    synchronized long journalRecords() {
        return journal.records();
    }

    /** What the key remembers now (tests). */
    synchronized @Nullable String remembered(String key) {
        forget();
        Remembered r = keys.get(key);
        return r == null ? null : r.sequencer();
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
        return "journaled sequencer memory";
    }
}
