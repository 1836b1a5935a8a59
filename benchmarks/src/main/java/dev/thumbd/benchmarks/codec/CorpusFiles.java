package dev.thumbd.benchmarks.codec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads benchmark inputs from the shared image corpus: the {@code thumbd.corpus} system property, else the
 * {@code THUMBD_CORPUS} environment variable, else {@code ../shared/corpus} relative to the working directory.
 */
final class CorpusFiles {

    private CorpusFiles() {
    }

    static byte[] read(String relative) {
        String configured = System.getProperty("thumbd.corpus", System.getenv("THUMBD_CORPUS"));
        Path root = Path.of(configured == null || configured.isBlank() ? "../shared/corpus" : configured);
        Path file = root.resolve(relative);
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("corpus file " + file.toAbsolutePath()
                    + " not readable (set -Dthumbd.corpus=... or THUMBD_CORPUS)", e);
        }
    }
}
