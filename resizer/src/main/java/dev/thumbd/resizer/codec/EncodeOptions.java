package dev.thumbd.resizer.codec;

import dev.thumbd.spec.ImageFormat;

/**
 * Encoder settings with every value resolved.
 *
 * @param quality     1..100; JPEG and WebP use it directly, AVIF maps it to a quantizer as libavif 1.x does
 *                    ({@code q = (100 - quality) * 63 / 100}), PNG ignores it
 * @param effort      format-specific CPU effort: WebP method 0..6, AVIF speed 0..10 (higher is faster), PNG zlib
 *                    level 0..9, JPEG ignores it
 * @param progressive JPEG progressive scan (and interlaced PNG)
 * @param chroma      chroma subsampling for JPEG and AVIF
 * @param threads     threads a codec may use internally (AVIF); 1 keeps the work on the calling worker
 */
public record EncodeOptions(int quality, int effort, boolean progressive, ChromaSubsampling chroma, int threads) {

    public EncodeOptions {
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("quality must be 1..100 but was " + quality);
        }
        if (effort < 0 || effort > 10) {
            throw new IllegalArgumentException("effort must be 0..10 but was " + effort);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1 but was " + threads);
        }
    }

    /**
     * The defaults per format: JPEG q80 4:2:0 baseline; WebP q80 method 4; AVIF q50 speed 5 (libvips effort 4);
     * PNG zlib level 6.
     */
    public static EncodeOptions defaults(ImageFormat format) {
        return switch (format) {
            case JPEG -> new EncodeOptions(80, 0, false, ChromaSubsampling.S420, 1);
            case WEBP -> new EncodeOptions(80, 4, false, ChromaSubsampling.S420, 1);
            case AVIF -> new EncodeOptions(50, 5, false, ChromaSubsampling.S420, 1);
            case PNG -> new EncodeOptions(100, 6, false, ChromaSubsampling.S444, 1);
            case GIF, HEIC, TIFF, BMP -> throw new IllegalArgumentException(format.token() + " is not an output format");
        };
    }

    /** A copy with another effort (see {@link #effort()}). */
    public EncodeOptions withEffort(int effort) {
        return new EncodeOptions(quality, effort, progressive, chroma, threads);
    }

    /** A copy with another quality, or these options if {@code quality} is 0 (the format default). */
    public EncodeOptions withQuality(int quality) {
        return quality == 0 ? this : new EncodeOptions(quality, effort, progressive, chroma, threads);
    }
}
