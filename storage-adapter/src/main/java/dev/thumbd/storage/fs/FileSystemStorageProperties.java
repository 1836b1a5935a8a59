package dev.thumbd.storage.fs;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of the {@link FileSystemObjectStore}.
 *
 * @param root  directory holding the objects (created if missing); default {@code ./data}
 * @param fsync whether writes are forced to disk (file and directory) before they become visible; default true.
 *              Turning it off keeps writes atomic but not durable across a power loss
 */
public record FileSystemStorageProperties(Path root, boolean fsync) {
    /** The default root, relative to the working directory. */
    public static final Path DEFAULT_ROOT = Path.of("data");

    public FileSystemStorageProperties {
        Objects.requireNonNull(root);
    }

    /** {@code root} with fsync on. */
    public static FileSystemStorageProperties of(Path root) {
        return new FileSystemStorageProperties(root, true);
    }

    /** The defaults: {@code ./data}, fsync on. */
    public static FileSystemStorageProperties defaults() {
        return of(DEFAULT_ROOT);
    }
}
