package dev.thumbd.storage.fs;

import dev.thumbd.storage.ChecksumMismatchException;
import dev.thumbd.storage.ContentDigest;
import dev.thumbd.storage.ObjectMetadata;
import dev.thumbd.storage.PreconditionFailedException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.locks.Lock;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SynchronousSink;
import reactor.core.scheduler.Scheduler;

/**
 * Streams an object's file in chunks on the I/O scheduler, verifying its length and SHA-256 against the metadata
 * the caller was given: a mismatch ends the stream with {@link ChecksumMismatchException} instead of completing.
 *
 * <p>The file is opened only when the content is subscribed, so an unconsumed {@code StoredObject} holds no file.
 * If the object was replaced in between (writes always rename a new file into place, so the file identity changes)
 * the stream fails with {@link PreconditionFailedException} rather than mixing new bytes with old metadata.
 */
final class ObjectReader {
    /** Chunk size: large enough to amortise the system call, small enough not to matter per request. */
    private static final int CHUNK = 64 * 1024;

    private final Scheduler scheduler;

    ObjectReader(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** What {@code describe} saw: the metadata handed out, and the file it belongs to. */
    record Snapshot(ObjectMetadata metadata, Path file, Object fileKey) {
    }

    Flux<ByteBuffer> content(Snapshot snapshot, Lock readLock) {
        return Flux.using(() -> open(snapshot, readLock),
                        channel -> Flux.generate(ContentDigest::sha256Only,
                                (ContentDigest digest, SynchronousSink<ByteBuffer> sink) ->
                                        next(channel, snapshot.metadata(), digest, sink)),
                        ObjectReader::close)
                .subscribeOn(scheduler);
    }

    private static FileChannel open(Snapshot snapshot, Lock readLock) throws IOException {
        ObjectMetadata meta = snapshot.metadata();
        readLock.lock();
        try {
            FileChannel channel = FileChannel.open(snapshot.file(), StandardOpenOption.READ,
                    LinkOption.NOFOLLOW_LINKS);
            Object now = Files.readAttributes(snapshot.file(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .fileKey();
            if (!Objects.equals(now, snapshot.fileKey())) {
                channel.close();
                throw new PreconditionFailedException("the object at '" + meta.key() + "' changed while being read",
                        null);
            }
            if (channel.size() != meta.length()) {
                channel.close();
                throw ChecksumMismatchException.stored(meta.key(), "length");
            }
            return channel;
        } finally {
            readLock.unlock();
        }
    }

    private static ContentDigest next(FileChannel channel, ObjectMetadata meta, ContentDigest digest,
                                      SynchronousSink<ByteBuffer> sink) {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        int n;
        try {
            n = channel.read(buffer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (n < 0) {
            if (digest.length() != meta.length()) {
                sink.error(ChecksumMismatchException.stored(meta.key(), "length"));
            } else if (meta.sha256() != null && !digest.sha256().equals(meta.sha256())) {
                sink.error(ChecksumMismatchException.stored(meta.key(), "SHA-256"));
            } else {
                sink.complete();
            }
            return digest;
        }
        buffer.flip();
        digest.update(buffer);
        sink.next(buffer);
        return digest;
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
