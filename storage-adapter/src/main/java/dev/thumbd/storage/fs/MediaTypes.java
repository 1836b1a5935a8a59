package dev.thumbd.storage.fs;

import java.util.Locale;
import java.util.Map;

/**
 * Media types for files that were copied into the root without a sidecar, by extension. A fixed table rather than
 * {@code Files.probeContentType}, whose answer depends on the host's configuration.
 */
final class MediaTypes {
    static final String UNKNOWN = "application/octet-stream";

    private static final Map<String, String> BY_EXTENSION = Map.of(
            "jpg", "image/jpeg",
            "jpeg", "image/jpeg",
            "png", "image/png",
            "webp", "image/webp",
            "avif", "image/avif",
            "gif", "image/gif",
            "tif", "image/tiff",
            "tiff", "image/tiff");

    private MediaTypes() {
    }

    static String guess(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? UNKNOWN
                : BY_EXTENSION.getOrDefault(fileName.substring(dot + 1).toLowerCase(Locale.ROOT), UNKNOWN);
    }
}
