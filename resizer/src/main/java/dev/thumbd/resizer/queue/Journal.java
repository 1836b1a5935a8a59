package dev.thumbd.resizer.queue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * The append-only file behind {@link JournaledQueue}: one framed record per change (length, CRC-32C, body), each
 * batch of records forced to disk before the change is acknowledged to the caller. Replay stops at the first record
 * that is torn or fails its checksum (a crash in the middle of a write) and cuts the file there. {@link #rewrite}
 * compacts: the live records go to a new file, forced, then renamed over the old one (and the directory forced).
 * Not thread-safe: its queue serialises calls.
 */
final class Journal implements AutoCloseable {

    /** A record larger than this is not one this class wrote: the file is cut there. */
    static final int MAX_RECORD = 1 << 20;

    sealed interface Entry permits Append, Deliver, Ack, Dead {
        String id();
    }

    record Append(String id, Map<String, String> fields) implements Entry {
    }

    record Deliver(String id, long deliveries) implements Entry {
    }

    record Ack(String id) implements Entry {
    }

    record Dead(String id, long deliveries) implements Entry {
    }

    private final Path file;
    private FileChannel channel;
    private long written;

    private Journal(Path file, FileChannel channel, long written) {
        this.file = file;
        this.channel = channel;
        this.written = written;
    }

    /** Opens (or creates) {@code file}, handing every intact record to {@code replay} in order. */
    static Journal open(Path file, Consumer<Entry> replay) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        lock(ch, file);
        long good = 0;
        long count = 0;
        ByteBuffer head = ByteBuffer.allocate(8);
        while (true) {
            head.clear();
            if (ch.read(head, good) < 8 || head.hasRemaining()) {
                break;
            }
            int length = head.getInt(0);
            int crc = head.getInt(4);
            if (length <= 0 || length > MAX_RECORD || good + 8 + length > ch.size()) {
                break;
            }
            ByteBuffer body = ByteBuffer.allocate(length);
            while (body.hasRemaining() && ch.read(body, good + 8 + body.position()) > 0) {
                // read it all
            }
            if (body.hasRemaining() || checksum(body.array()) != crc) {
                break;
            }
            Entry e;
            try {
                e = decode(body.array());
            } catch (IOException | IllegalArgumentException corrupt) {
                break;
            }
            replay.accept(e);
            good += 8 + length;
            count++;
        }
        if (ch.size() > good) {
            ch.truncate(good);
            ch.force(true);
        }
        ch.position(good);
        return new Journal(file, ch, count);
    }

    /** One process, one journal: a second opener would interleave its records with the first's. */
    private static void lock(FileChannel ch, Path file) throws IOException {
        java.nio.channels.FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            throw new IOException("the queue journal " + file + " is open in another process: give each replica "
                    + "its own (thumbd.jobs.journal) or share a Redis queue (thumbd.jobs.queue=redis)");
        }
    }

    /** Appends {@code entries} and forces them to disk before returning. */
    void write(List<? extends Entry> entries) throws IOException {
        if (entries.isEmpty()) {
            return;
        }
        ByteBuffer buf = frames(entries);
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        channel.force(false);
        written += entries.size();
    }

    /** Records in the file now (what replay would read). */
    long records() {
        return written;
    }

    /** Replaces the file with {@code live}: written to a new file, forced, renamed over this one. */
    void rewrite(List<? extends Entry> live) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".compact");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = frames(live);
            while (buf.hasRemaining()) {
                out.write(buf);
            }
            out.force(true);
        }
        channel.close();
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        lock(channel, file);
        channel.position(channel.size());
        written = live.size();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static ByteBuffer frames(List<? extends Entry> entries) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(all);
        for (Entry e : entries) {
            byte[] body = encode(e);
            if (body.length > MAX_RECORD) {
                throw new IllegalArgumentException("a queue entry over " + MAX_RECORD + " bytes");
            }
            out.writeInt(body.length);
            out.writeInt(checksum(body));
            out.write(body);
        }
        return ByteBuffer.wrap(all.toByteArray());
    }

    private static int checksum(byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(body);
        return (int) crc.getValue();
    }

    private static byte[] encode(Entry e) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        switch (e) {
            case Append a -> {
                out.writeByte('A');
                out.writeUTF(a.id());
                out.writeInt(a.fields().size());
                for (Map.Entry<String, String> f : a.fields().entrySet()) {
                    out.writeUTF(f.getKey());
                    out.writeUTF(f.getValue());
                }
            }
            case Deliver d -> {
                out.writeByte('D');
                out.writeUTF(d.id());
                out.writeLong(d.deliveries());
            }
            case Ack k -> {
                out.writeByte('K');
                out.writeUTF(k.id());
            }
            case Dead x -> {
                out.writeByte('X');
                out.writeUTF(x.id());
                out.writeLong(x.deliveries());
            }
        }
        return bytes.toByteArray();
    }

    private static Entry decode(byte[] body) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
        int op = in.readByte();
        String id = in.readUTF();
        Entry e = switch (op) {
            case 'A' -> {
                int n = in.readInt();
                if (n < 0 || n > body.length) {
                    throw new EOFException("field count " + n);
                }
                Map<String, String> fields = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    fields.put(in.readUTF(), in.readUTF());
                }
                yield new Append(id, fields);
            }
            case 'D' -> new Deliver(id, in.readLong());
            case 'K' -> new Ack(id);
            case 'X' -> new Dead(id, in.readLong());
            default -> throw new IllegalArgumentException("unknown record " + op);
        };
        if (in.available() != 0) {
            throw new EOFException("trailing bytes");
        }
        return e;
    }
}
