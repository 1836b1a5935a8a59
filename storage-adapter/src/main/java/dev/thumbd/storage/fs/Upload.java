package dev.thumbd.storage.fs;

import dev.thumbd.key.ObjectKey;
import dev.thumbd.storage.ContentDigest;
import dev.thumbd.storage.PutOptions;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One upload in progress: a temporary file in the target's own directory (so that the final rename is atomic and
 * never crosses filesystems), written as buffers arrive, digested on the way. Either {@link #seal} and
 * {@link #moveTo} make it the object, or {@link #discard} deletes it; both are idempotent and mutually exclusive,
 * because a cancellation may run the discard on another thread while a write or the commit is in progress.
 */
final class Upload {
    private final ObjectKey key;
    private final PutOptions options;
    private final Path temp;
    private final FileChannel channel;
    private final ContentDigest digest;
    private boolean finished;

    private Upload(ObjectKey key, PutOptions options, Path temp, FileChannel channel) {
        this.key = key;
        this.options = options;
        this.temp = temp;
        this.channel = channel;
        this.digest = ContentDigest.forUpload(options);
    }

    /** Creates the temporary file next to {@code target}. */
    static Upload begin(ObjectKey key, PutOptions options, Path target) throws IOException {
        Path temp = tempNextTo(target);
        FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new Upload(key, options, temp, channel);
    }

    /** A fresh temporary name in {@code target}'s directory. */
    static Path tempNextTo(Path target) {
        byte[] random = new byte[8];
        ThreadLocalRandom.current().nextBytes(random);
        return target.resolveSibling(FileLayout.TEMP_PREFIX + HexFormat.of().formatHex(random));
    }

    synchronized void write(ByteBuffer buffer) throws IOException {
        if (finished) {
            throw new CancellationException("upload of '" + key + "' was discarded");
        }
        digest.update(buffer);
        digest.checkRunningLength(key, options);
        ByteBuffer view = buffer.duplicate();
        while (view.hasRemaining()) {
            channel.write(view);
        }
    }

    /**
     * Verifies the declared length and checksums, forces the bytes to disk if asked and closes the file.
     *
     * @return the sidecar describing the sealed content
     */
    synchronized Sidecar seal(boolean fsync) throws IOException {
        if (finished) {
            throw new CancellationException("upload of '" + key + "' was discarded");
        }
        digest.verify(key, options);
        if (fsync) {
            channel.force(true);
        }
        channel.close();
        return new Sidecar(digest.length(), options.contentType(), digest.sha256());
    }

    /** Renames the sealed file over {@code target} atomically. */
    synchronized void moveTo(Path target) throws IOException {
        if (finished) {
            throw new CancellationException("upload of '" + key + "' was discarded");
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        finished = true;
    }

    /** Closes and deletes the temporary file unless it was moved into place. */
    synchronized void discard() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        try {
            channel.close();
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
