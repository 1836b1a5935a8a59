package dev.thumbd.resizer.cache;

import dev.thumbd.spec.ImageFormat;
import java.nio.file.Path;

/**
 * One thumbnail in the disk cache. Everything a response needs is in the file name
 * ({@code <variantId>.<etag>.<width>x<height>.<ext>}), so one atomic rename publishes file and metadata together.
 *
 * @param file   the cached file
 * @param length its size in bytes
 * @param format its format
 * @param etag   strong entity tag, quoted
 * @param width  pixel width
 * @param height pixel height
 */
public record DiskEntry(Path file, long length, ImageFormat format, String etag, int width, int height) {
}
