package dev.thumbd.storage.fs;

import dev.thumbd.key.ObjectKey;
import dev.thumbd.spec.InvalidParameterException;
import dev.thumbd.spec.ParameterName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jspecify.annotations.Nullable;

/*
 * Design notes
 *
 * ObjectKey already guarantees that a key, resolved segment by segment, stays inside the root lexically. What it
 * cannot see is the filesystem: a symbolic link (or a bind of some directory) under the root can point anywhere.
 * So every path is also checked physically: for reads, the object's real path (all links resolved) must lie under
 * the root's real path; for writes, the real path of the parent directory must, and the final rename never
 * follows a link (rename(2) replaces the link itself). The check and the open are separate system calls, so a
 * process that can rewrite the data directory concurrently can still race it; such a process owns the data anyway.
 */

/** Maps keys to paths under the root and checks that those paths really are under it. */
final class FileLayout {
    /** Prefix of every name thumbd keeps for itself; keys with such a segment are refused. */
    static final String RESERVED_PREFIX = ".thumbd";
    /** Prefix of in-progress upload files. */
    static final String TEMP_PREFIX = ".thumbd-tmp-";

    private static final String RESERVED_EXPECTATION = "a storage key without segments starting with .thumbd";
    private static final String INSIDE_EXPECTATION = "a storage key inside the store root (no symbolic link out)";

    private final Path root;
    private final Path metaRoot;

    FileLayout(Path configuredRoot) {
        try {
            Files.createDirectories(configuredRoot);
            this.root = configuredRoot.toRealPath();
            this.metaRoot = root.resolve(RESERVED_PREFIX).resolve("meta");
            Files.createDirectories(metaRoot);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + configuredRoot, e);
        }
    }

    Path root() {
        return root;
    }

    /** Where the object's bytes are (not yet checked against links). */
    Path objectPath(ObjectKey key) {
        for (String segment : key.segments()) {
            if (segment.startsWith(RESERVED_PREFIX)) {
                throw new InvalidParameterException(ParameterName.SRC, RESERVED_EXPECTATION, key.value());
            }
        }
        return key.resolveIn(root);
    }

    /** Where the object's sidecar is. */
    Path sidecarPath(ObjectKey key) {
        return key.resolveIn(metaRoot);
    }

    /**
     * The real path of the object for reading, or null if there is no regular file there.
     *
     * @throws InvalidParameterException if the path resolves outside the root
     */
    @Nullable Path existingObject(ObjectKey key) throws IOException {
        Path lexical = objectPath(key);
        Path real;
        try {
            real = lexical.toRealPath();
        } catch (NoSuchFileException e) {
            return null;
        }
        if (!real.startsWith(root)) {
            throw outside(key);
        }
        return Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS) ? real : null;
    }

    /**
     * Creates the parent directories of {@code target} (an object or sidecar path of {@code key}) one at a time,
     * checking before each step that the path so far really is under the root, so that nothing is ever created
     * through a link that leads out.
     *
     * @throws InvalidParameterException if a parent is a link out of the root or an existing object
     */
    void prepareParent(ObjectKey key, Path target) throws IOException {
        Path current = root;
        for (Path segment : root.relativize(target.getParent())) {
            current = current.resolve(segment);
            if (Files.isSymbolicLink(current) && !current.toRealPath().startsWith(root)) {
                throw outside(key);
            }
            if (Files.exists(current) && !Files.isDirectory(current)) {
                throw new InvalidParameterException(ParameterName.SRC,
                        "a storage key that does not nest under an existing object", key.value());
            }
            try {
                Files.createDirectory(current);
            } catch (FileAlreadyExistsException e) {
                // Already there (or created concurrently): checked above or re-checked below.
                continue;
            }
        }
        if (!current.toRealPath().startsWith(root)) {
            throw outside(key);
        }
    }

    /** Forces a directory's entries (a rename in it) to disk. */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static InvalidParameterException outside(ObjectKey key) {
        return new InvalidParameterException(ParameterName.SRC, INSIDE_EXPECTATION, key.value());
    }
}
