package dev.thumbd.resizer.pipeline;

import dev.thumbd.resizer.probe.ImageHeader;
import dev.thumbd.spec.ImageFormat;

/**
 * A finished thumbnail.
 *
 * @param data    the encoded file, owned by the caller
 * @param format  its format
 * @param width   output width
 * @param height  output height
 * @param source  what the source header said
 * @param plan    the geometry that was applied
 * @param timings time per stage
 */
public record Thumbnail(byte[] data, ImageFormat format, int width, int height, ImageHeader source, Plan plan,
        StageTimings timings) {
}
