package dev.thumbd.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where benchmarks find the shared image corpus: the {@code thumbd.corpus} system property, else the
 * {@code THUMBD_CORPUS} environment variable, else {@code ../shared/corpus} relative to the working directory.
 */
public final class CorpusFiles {

    private CorpusFiles() {
    }

    public static Path root() {
        String prop = System.getProperty("thumbd.corpus");
        String env = System.getenv("THUMBD_CORPUS");
        Path root = Path.of(prop != null ? prop : env != null ? env : "../shared/corpus");
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("image corpus not found at " + root.toAbsolutePath()
                    + " (set -Dthumbd.corpus or THUMBD_CORPUS)");
        }
        return root;
    }

    public static byte[] read(String name) {
        try {
            return Files.readAllBytes(root().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
