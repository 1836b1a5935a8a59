package dev.thumbd.storage.fs;

import dev.thumbd.key.ObjectKey;
import dev.thumbd.problem.ProblemException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Walks the root for keys and sweeps leftover uploads. Walks never follow links, skip the reserved {@code .thumbd}
 * names, and tolerate files that vanish during the walk (a concurrent delete or a finished upload).
 */
final class KeyListing {
    /** S3's listing order: ascending by the keys' UTF-8 bytes. */
    private static final Comparator<ObjectKey> UTF8_ORDER = (a, b) -> Arrays.compareUnsigned(
            a.value().getBytes(StandardCharsets.UTF_8), b.value().getBytes(StandardCharsets.UTF_8));

    private KeyListing() {
    }

    /**
     * Keys of the regular files under {@code root} that start with {@code prefix} (already checked), sorted. Names
     * that are not valid keys, reserved names and symbolic links are skipped.
     */
    static List<ObjectKey> keys(Path root, String prefix) throws IOException {
        Path start = root.resolve(prefix.substring(0, prefix.lastIndexOf('/') + 1));
        Path realStart;
        try {
            realStart = start.toRealPath();
        } catch (NoSuchFileException e) {
            return List.of();
        }
        if (!realStart.startsWith(root) || !Files.isDirectory(realStart, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        List<ObjectKey> keys = new ArrayList<>();
        Files.walkFileTree(realStart, new Walk() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && !reserved(file)) {
                    List<String> segments = new ArrayList<>();
                    root.relativize(file).forEach(p -> segments.add(p.toString()));
                    String key = String.join("/", segments);
                    ObjectKey parsed = key.startsWith(prefix) ? parse(key) : null;
                    if (parsed != null) {
                        keys.add(parsed);
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
        keys.sort(UTF8_ORDER);
        return keys;
    }

    /** Deletes the temporary files of uploads that a previous process did not finish. */
    static void deleteLeftoverUploads(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (file.getFileName().toString().startsWith(FileLayout.TEMP_PREFIX)) {
                        Files.deleteIfExists(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sweep unfinished uploads under " + root, e);
        }
    }

    private static boolean reserved(Path path) {
        return path.getFileName().toString().startsWith(FileLayout.RESERVED_PREFIX);
    }

    private static @Nullable ObjectKey parse(String key) {
        try {
            return ObjectKey.parse(key);
        } catch (ProblemException e) {
            // A file whose name is no valid key (it contains '%', for example) cannot be addressed: not listed.
            return null;
        }
    }

    /** Skips reserved directories and files that disappear while the walk runs. */
    private static class Walk extends SimpleFileVisitor<Path> {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            return reserved(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
                return FileVisitResult.CONTINUE;
            }
            throw e;
        }
    }
}
