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
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * An append-only file of records ({@link JournaledQueue}'s entries, {@code JournaledJobLedger}'s jobs): one framed
 * record per change (length, CRC-32C, body), each
 * batch of records forced to disk before the change is acknowledged to the caller. Replay stops at the first record
 * that is torn or fails its checksum (a crash in the middle of a write) and cuts the file there. {@link #rewrite}
 * compacts: the live records go to a new file, forced, then renamed over the old one (and the directory forced).
 * Not thread-safe: its owner serialises calls.
 *
 * @param <E> the records, written and read by a {@link Codec}
 */
public final class Journal<E> implements AutoCloseable {

    /** A record larger than this is not one this class wrote: the file is cut there. */
    public static final int MAX_RECORD = 1 << 20;

    /** Writes and reads one record's body; a body that does not decode throws (the file is cut there). */
    public interface Codec<E> {
        void encode(E record, DataOutputStream out) throws IOException;

        E decode(DataInputStream in) throws IOException;
    }

    private final Path file;
    private final Codec<E> codec;
    private FileChannel channel;
    private long written;

    private Journal(Path file, Codec<E> codec, FileChannel channel, long written) {
        this.file = file;
        this.codec = codec;
        this.channel = channel;
        this.written = written;
    }

    /** Opens (or creates) {@code file}, handing every intact record to {@code replay} in order. */
    public static <E> Journal<E> open(Path file, Codec<E> codec, Consumer<? super E> replay) throws IOException {
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
            E e;
            try {
                e = decode(codec, body.array());
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
        return new Journal<>(file, codec, ch, count);
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
            throw new IOException("the journal " + file + " is open in another process: give each replica "
                    + "its own (thumbd.jobs.journal) or share a Redis queue (thumbd.jobs.queue=redis)");
        }
    }

    /** Appends {@code entries} and forces them to disk before returning. */
    public void write(List<? extends E> entries) throws IOException {
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
    public long records() {
        return written;
    }

    /** Replaces the file with {@code live}: written to a new file, forced, renamed over this one. */
    public void rewrite(List<? extends E> live) throws IOException {
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

    private ByteBuffer frames(List<? extends E> entries) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(all);
        for (E e : entries) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            codec.encode(e, new DataOutputStream(bytes));
            byte[] body = bytes.toByteArray();
            if (body.length > MAX_RECORD) {
                throw new IllegalArgumentException("a journal record over " + MAX_RECORD + " bytes");
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

    private static <E> E decode(Codec<E> codec, byte[] body) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
        E e = codec.decode(in);
        if (in.available() != 0) {
            throw new EOFException("trailing bytes");
        }
        return e;
    }
}
