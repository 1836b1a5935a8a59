package dev.thumbd.storage.fs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The metadata file written next to (in a parallel tree to) each object: a format line, then {@code name=value}
 * lines. Written through a temporary file and an atomic rename, like the object itself.
 *
 * @param length      content length in bytes
 * @param contentType media type given at upload
 * @param sha256      lowercase hex SHA-256 of the content
 */
record Sidecar(long length, String contentType, String sha256) {
    private static final String FORMAT = "thumbd-object 1";

    /** The ETag derived from the checksum: its quoted hex. */
    String etag() {
        return '"' + sha256 + '"';
    }

    byte[] encode() {
        return (FORMAT + "\nlength=" + length + "\ncontent-type=" + contentType + "\nsha256=" + sha256 + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads the sidecar at {@code path}, or null if there is none.
     *
     * @throws IOException if it exists but is unreadable or malformed
     */
    static @Nullable Sidecar read(Path path) throws IOException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        }
        String[] lines = text.split("\n");
        if (lines.length == 0 || !lines[0].equals(FORMAT)) {
            throw new IOException("not a thumbd sidecar: " + path);
        }
        Map<String, String> fields = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int eq = lines[i].indexOf('=');
            if (eq > 0) {
                fields.put(lines[i].substring(0, eq), lines[i].substring(eq + 1));
            }
        }
        try {
            String sha = fields.getOrDefault("sha256", "");
            HexFormat.of().parseHex(sha);
            if (sha.length() != 64) {
                throw new IOException("bad sha256 in sidecar " + path);
            }
            return new Sidecar(Long.parseLong(fields.getOrDefault("length", "")),
                    fields.getOrDefault("content-type", "application/octet-stream"), sha);
        } catch (IllegalArgumentException e) {
            throw new IOException("malformed sidecar " + path, e);
        }
    }
}
