package dev.thumbd.resizer.queue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The embedded {@link WorkQueue} of a single resizer ({@code ./thumbd run} without Redis): the entries live in
 * memory and every change is first written to an append-only {@link Journal} under the data directory and forced to
 * disk, so a restart (or a crash) loses nothing that was acknowledged to a caller. After a restart the entries that
 * were delivered and not acknowledged belong to no live consumer: {@link #reclaim} takes them over at once,
 * whatever the idle time asked for. The journal is compacted when it holds four times more records than live
 * entries. Calls run on {@code io} (they wait for the disk), one at a time.
 */
public final class JournaledQueue implements WorkQueue {

    private static final int COMPACT_AFTER = 1024;

    private final Journal<QueueRecord> journal;
    private final Scheduler io;
    private final long maxDeliveries;
    private final LinkedHashMap<String, Item> live = new LinkedHashMap<>();
    private final ArrayDeque<String> waiting = new ArrayDeque<>();
    private final LinkedHashMap<String, Item> dead = new LinkedHashMap<>();
    private long lastMillis;
    private long sequence;

    /** An entry and its delivery state; {@code owner} null while no consumer has it. */
    private static final class Item {
        final Map<String, String> fields;
        long deliveries;
        @Nullable String owner;
        /** When it was last delivered ({@link System#nanoTime}); {@code orphan}: delivered before a restart. */
        long deliveredAt;
        boolean orphan;

        Item(Map<String, String> fields) {
            this.fields = Map.copyOf(fields);
        }
    }

    private JournaledQueue(Path file, Scheduler io, long maxDeliveries) throws IOException {
        this.io = io;
        this.maxDeliveries = maxDeliveries;
        this.journal = Journal.open(file, QueueRecord.CODEC, this::replay);
        for (Map.Entry<String, Item> e : live.entrySet()) {
            if (e.getValue().deliveries == 0) {
                waiting.add(e.getKey());
            } else {
                e.getValue().orphan = true;
                e.getValue().owner = "";
            }
        }
    }

    /** Opens the queue journaled in {@code file} (created when missing), replaying what it holds. */
    public static JournaledQueue open(Path file, Scheduler io, long maxDeliveries) throws IOException {
        if (maxDeliveries < 1) {
            throw new IllegalArgumentException("maxDeliveries must be at least 1");
        }
        return new JournaledQueue(file, io, maxDeliveries);
    }

    private void replay(QueueRecord e) {
        switch (e) {
            case QueueRecord.Append a -> {
                live.put(a.id(), new Item(a.fields()));
                long ms = RedisStreamQueue.millisOf(a.id());
                long seq = Long.parseLong(a.id().substring(a.id().indexOf('-') + 1));
                if (ms > lastMillis || (ms == lastMillis && seq >= sequence)) {
                    lastMillis = ms;
                    sequence = seq + 1;
                }
            }
            case QueueRecord.Deliver d -> {
                Item item = live.get(d.id());
                if (item != null) {
                    item.deliveries = d.deliveries();
                }
            }
            case QueueRecord.Ack k -> live.remove(k.id());
            case QueueRecord.Dead x -> {
                Item item = live.remove(x.id());
                if (item != null) {
                    item.deliveries = x.deliveries();
                    dead.put(x.id(), item);
                }
            }
        }
    }

    private <T> Mono<T> call(Callable<T> work) {
        return Mono.fromCallable(() -> {
            synchronized (this) {
                return work.call();
            }
        }).subscribeOn(io);
    }

    @Override
    public Mono<String> append(Map<String, String> fields) {
        if (fields.isEmpty()) {
            return Mono.error(new IllegalArgumentException("an entry needs at least one field"));
        }
        return call(() -> {
            String id = nextId();
            Item item = new Item(fields);
            journal.write(List.of(new QueueRecord.Append(id, item.fields)));
            live.put(id, item);
            waiting.add(id);
            compactIfWorth();
            return id;
        });
    }

    private String nextId() {
        long now = System.currentTimeMillis();
        if (now > lastMillis) {
            lastMillis = now;
            sequence = 0;
        }
        return lastMillis + "-" + sequence++;
    }

    @Override
    public Mono<List<Delivery>> read(String consumer, int max) {
        return call(() -> {
            List<Delivery> out = new ArrayList<>();
            List<QueueRecord> records = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (String id : waiting) {
                if (out.size() == max) {
                    break;
                }
                Item item = live.get(id);
                if (item == null || item.owner != null) {
                    continue;
                }
                records.add(new QueueRecord.Deliver(id, item.deliveries + 1));
                ids.add(id);
                out.add(new Delivery(id, item.fields, item.deliveries + 1));
            }
            journal.write(records);
            long now = System.nanoTime();
            for (String id : ids) {
                waiting.remove(id);
                Item item = live.get(id);
                item.deliveries++;
                item.owner = consumer;
                item.deliveredAt = now;
            }
            compactIfWorth();
            return out;
        });
    }

    @Override
    public Mono<Void> ack(String id) {
        return call(() -> {
            if (live.containsKey(id)) {
                journal.write(List.of(new QueueRecord.Ack(id)));
                live.remove(id);
                waiting.remove(id);
                compactIfWorth();
            }
            return true;
        }).then();
    }

    @Override
    public Mono<Reclaimed> reclaim(String consumer, Duration minIdle, int max) {
        return call(() -> {
            long now = System.nanoTime();
            List<String> claimed = new ArrayList<>();
            for (Map.Entry<String, Item> e : live.entrySet()) {
                if (claimed.size() == max) {
                    break;
                }
                Item item = e.getValue();
                if (item.owner != null && (item.orphan || now - item.deliveredAt >= minIdle.toNanos())) {
                    claimed.add(e.getKey());
                }
            }
            List<QueueRecord> records = new ArrayList<>();
            for (String id : claimed) {
                long n = live.get(id).deliveries + 1;
                records.add(n > maxDeliveries ? new QueueRecord.Dead(id, n) : new QueueRecord.Deliver(id, n));
            }
            journal.write(records);
            List<Delivery> out = new ArrayList<>();
            List<Delivery> deaths = new ArrayList<>();
            for (String id : claimed) {
                Item item = live.get(id);
                item.deliveries++;
                if (item.deliveries > maxDeliveries) {
                    live.remove(id);
                    dead.put(id, item);
                    deaths.add(new Delivery(id, item.fields, item.deliveries));
                } else {
                    item.owner = consumer;
                    item.orphan = false;
                    item.deliveredAt = now;
                    out.add(new Delivery(id, item.fields, item.deliveries));
                }
            }
            compactIfWorth();
            return new Reclaimed(out, deaths);
        });
    }

    @Override
    public Mono<QueueStats> stats() {
        return call(() -> {
            long pending = live.values().stream().filter(i -> i.owner != null).count();
            long oldest = live.isEmpty() ? 0
                    : Math.max(0, System.currentTimeMillis() - RedisStreamQueue.millisOf(live.firstEntry().getKey()));
            return new QueueStats(live.size(), pending, oldest, dead.size());
        });
    }

    @Override
    public Mono<List<Delivery>> deadLetters(int max) {
        return call(() -> dead.entrySet().stream().limit(max)
                .map(e -> new Delivery(e.getKey(), e.getValue().fields, e.getValue().deliveries)).toList());
    }

    /** Rewrites the journal when it holds four times more records than it would take to say what is live. */
    private void compactIfWorth() throws IOException {
        int needed = 2 * (live.size() + dead.size());
        if (journal.records() < COMPACT_AFTER || journal.records() < 4L * needed) {
            return;
        }
        List<QueueRecord> records = new ArrayList<>(needed);
        for (Map.Entry<String, Item> e : live.entrySet()) {
            records.add(new QueueRecord.Append(e.getKey(), e.getValue().fields));
            if (e.getValue().deliveries > 0) {
                records.add(new QueueRecord.Deliver(e.getKey(), e.getValue().deliveries));
            }
        }
        for (Map.Entry<String, Item> e : dead.entrySet()) {
            records.add(new QueueRecord.Append(e.getKey(), e.getValue().fields));
            records.add(new QueueRecord.Dead(e.getKey(), e.getValue().deliveries));
        }
        journal.rewrite(records);
    }

    /** Records in the journal file now (compaction keeps this near the live entries). */
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
        return "embedded queue (journal)";
    }
}
