package dev.thumbd.resizer.pipeline;

import dev.thumbd.resizer.probe.ImageHeader;
import dev.thumbd.spec.ImageFormat;

/**
 * What a render will be, known from the header alone: the source header, the output format, the geometry and the
 * memory it will hold at its peak ({@link ThumbnailPipeline#probe}).
 */
public record Probed(ImageHeader header, ImageFormat output, Plan plan, RenderCost cost) {
}
