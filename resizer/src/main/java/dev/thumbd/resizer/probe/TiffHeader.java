package dev.thumbd.resizer.probe;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.spec.ImageFormat;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * TIFF (baseline, little- or big-endian; not BigTIFF): the first image file directory (IFD), which is the page thumbd
 * renders. ImageWidth, ImageLength, SamplesPerPixel, BitsPerSample, PhotometricInterpretation (5 = separated, read as
 * CMYK), ExtraSamples (alpha), Orientation (the EXIF numbers) and the ICC profile tag; the strip or tile size counts
 * as an item a decode may allocate (a tile larger than the page is refused like a large page).
 *
 * <p>The chain of IFDs is walked to its end without reading the pages: a file of more than {@value #MAX_PAGES} pages,
 * or whose chain loops, is refused here, so the reader never walks it.
 */
final class TiffHeader {

    /** Most pages (IFDs) a TIFF may have. */
    static final int MAX_PAGES = 256;

    private static final int WIDTH = 256;
    private static final int LENGTH = 257;
    private static final int BITS = 258;
    private static final int PHOTOMETRIC = 262;
    private static final int ORIENTATION = 274;
    private static final int SAMPLES = 277;
    private static final int ROWS_PER_STRIP = 278;
    private static final int TILE_WIDTH = 322;
    private static final int TILE_LENGTH = 323;
    private static final int EXTRA_SAMPLES = 338;
    private static final int ICC = 34675;

    private final HeaderBytes b;
    private final boolean little;

    private TiffHeader(byte[] source) {
        this.b = new HeaderBytes(source, "TIFF");
        this.little = source[0] == 'I';
    }

    static ImageHeader read(byte[] source) {
        return new TiffHeader(source).parse();
    }

    private ImageHeader parse() {
        long first = u32(4);
        long width = 0;
        long length = 0;
        int bits = 8;
        int photometric = -1;
        int orientation = 1;
        int samples = 1;
        long rowsPerStrip = 0;
        long tileWidth = 0;
        long tileLength = 0;
        boolean extra = false;
        byte[] icc = null;
        int entries = u16(first);
        b.require(first + 2, 12L * entries + 4);
        for (int i = 0; i < entries; i++) {
            long e = first + 2 + 12L * i;
            int tag = u16(e);
            int type = u16(e + 2);
            long count = u32(e + 4);
            switch (tag) {
                case WIDTH -> width = value(e, type);
                case LENGTH -> length = value(e, type);
                case BITS -> bits = (int) Math.min(64, count == 1 ? value(e, type) : firstOfMany(e, type, count));
                case PHOTOMETRIC -> photometric = (int) value(e, type);
                case ORIENTATION -> orientation = (int) value(e, type);
                case SAMPLES -> samples = (int) Math.min(64, value(e, type));
                case ROWS_PER_STRIP -> rowsPerStrip = value(e, type);
                case TILE_WIDTH -> tileWidth = value(e, type);
                case TILE_LENGTH -> tileLength = value(e, type);
                case EXTRA_SAMPLES -> extra = count > 0;
                case ICC -> {
                    if (count > 4) {
                        icc = b.copy(u32(e + 8), count);
                    }
                }
                default -> { }
            }
        }
        if (width < 1 || length < 1 || width > Integer.MAX_VALUE || length > Integer.MAX_VALUE) {
            throw b.corrupt("the TIFF image has no valid size (ImageWidth, ImageLength)");
        }
        pages(first);
        long item = tileWidth > 0 && tileLength > 0
                ? (tileLength > Long.MAX_VALUE / tileWidth ? Long.MAX_VALUE : tileWidth * tileLength)
                : width * Math.min(Math.max(rowsPerStrip, 1), length);
        boolean cmyk = photometric == 5 && samples - (extra ? 1 : 0) == 4;
        boolean grey = photometric == 0 || photometric == 1;
        return new ImageHeader(ImageFormat.TIFF, (int) width, (int) length,
                orientation >= 1 && orientation <= 8 ? orientation : 1, extra, 1, Math.max(1, bits), cmyk, icc,
                item, false, grey && !extra);
    }

    /** Walks the IFD chain from {@code first}: at most {@value #MAX_PAGES} pages, no loop. */
    private void pages(long first) {
        Set<Long> seen = new HashSet<>();
        for (long at = first; at != 0;) {
            if (!seen.add(at)) {
                throw b.corrupt("the TIFF pages (IFDs) form a loop");
            }
            if (seen.size() > MAX_PAGES) {
                throw new ProblemException(ProblemType.IMAGE_TOO_LARGE, String.format(Locale.ROOT,
                        "the TIFF has more than %d pages; thumbd renders the first and reads at most %d", MAX_PAGES,
                        MAX_PAGES));
            }
            int entries = u16(at);
            at = u32(at + 2 + 12L * entries);
        }
    }

    /** A SHORT or LONG value held in the entry itself. */
    private long value(long entry, int type) {
        return switch (type) {
            case 3 -> u16(entry + 8);
            case 4 -> u32(entry + 8);
            default -> throw b.corrupt("the TIFF tag " + u16(entry) + " has an unexpected type " + type);
        };
    }

    /** The first of several SHORT values (BitsPerSample per sample): in the entry, or at its offset. */
    private long firstOfMany(long entry, int type, long count) {
        if (type != 3) {
            throw b.corrupt("the TIFF BitsPerSample has an unexpected type " + type);
        }
        return count <= 2 ? u16(entry + 8) : u16(u32(entry + 8));
    }

    private int u16(long at) {
        return little ? b.u16le(at) : b.u16be(at);
    }

    private long u32(long at) {
        return little ? b.u32le(at) : b.u32be(at);
    }
}
