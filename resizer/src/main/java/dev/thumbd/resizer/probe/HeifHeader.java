package dev.thumbd.resizer.probe;

import dev.thumbd.resizer.colour.NclxProfile;
import dev.thumbd.spec.ImageFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * AVIF and HEIC: the ISOBMFF boxes of the {@code meta} box (ISO/IEC 23008-12, HEIF). The primary item ({@code pitm}) has its
 * properties in {@code iprp/ipco}, associated by {@code ipma}: {@code ispe} (size), {@code pixi} (bit depth),
 * {@code irot} and {@code imir} (orientation), {@code colr} (ICC when its type is {@code prof} or {@code rICC}). An
 * alpha plane is an auxiliary item with an {@code auxC} alpha URN, linked to the primary by an {@code iref/auxl}.
 *
 * <p>irot (anticlockwise quarter turns) then imir, the order MIAF mandates, map onto EXIF orientation numbers so the
 * pipeline orients every format the same way. The imir axis as ISO/IEC 23008-12:2022 6.5.12 words it, and as libavif
 * ({@code avifImageMirror}, {@code avifenc --imir}), libheif and browsers read it: 0 exchanges the top and bottom
 * parts (EXIF 4), 1 the left and right parts (EXIF 2). (The 2017 text spoke of a "vertical axis" for 0, which some
 * read the other way round.)
 * <pre>
 *   irot \ imir   none  axis0 (top-bottom)  axis1 (left-right)
 *   0              1     4                   2
 *   1 (90 ccw)     8     5                   7
 *   2 (180)        3     2                   4
 *   3 (90 cw)      6     7                   5
 * </pre>
 *
 * <p>HEIC differs in who applies the transformations: libheif decodes the primary image with its clean aperture
 * ({@code clap}), {@code irot} and {@code imir} already applied, so a HEIC header reports the displayed size
 * ({@code ispe}, cropped by {@code clap}, swapped by a quarter turn) and orientation 1. An EXIF orientation tag in a
 * HEIC is ignored, as the HEIF specification has readers do: the transformative properties are the orientation, and
 * the EXIF tag of a camera file repeats them (applying both would turn the picture twice). The size of a grid image
 * is the output size of its grid descriptor (checked against its {@code ispe}); every tile's {@code ispe} counts as an
 * item a decode may allocate. Colour: an ICC profile ({@code colr prof/rICC}) wins; otherwise an {@code nclx} colour
 * box with primaries other than BT.709/sRGB becomes an equivalent ICC profile ({@link NclxProfile}), so the colour
 * step converts it like an embedded profile.
 */
final class HeifHeader {

    private static final int[][] ORIENTATION = {{1, 4, 2}, {8, 5, 7}, {3, 2, 4}, {6, 7, 5}};
    private static final Set<String> ALPHA_URNS =
            Set.of("urn:mpeg:mpegB:cicp:systems:auxiliary:alpha", "urn:mpeg:hevc:2015:auxid:1");

    private final HeaderBytes b;
    private final ImageFormat format;
    private final String name;
    private long primary = -1;
    private long idatAt = -1;
    private long idatEnd = -1;
    private final Map<Long, long[]> idatExtents = new HashMap<>();
    private final List<Property> properties = new ArrayList<>();
    private final Map<Long, List<Integer>> associations = new HashMap<>();
    private final Set<Long> auxiliaryOfPrimary = new HashSet<>();
    private final Map<Long, List<Long>> auxl = new HashMap<>();
    private final Map<Long, String> itemTypes = new HashMap<>();
    private final Map<Long, long[]> itemExtents = new HashMap<>();
    private final Map<Long, List<Long>> describes = new HashMap<>();
    private boolean sequence;

    private HeifHeader(byte[] source, ImageFormat format) {
        this.name = format == ImageFormat.AVIF ? "AVIF" : "HEIC";
        this.b = new HeaderBytes(source, name);
        this.format = format;
    }

    /** An AVIF header: stored size, irot/imir as an EXIF orientation (an Exif item's tag when there is neither). */
    static ImageHeader readAvif(byte[] source) {
        return new HeifHeader(source, ImageFormat.AVIF).parse();
    }

    /** A HEIC header: the displayed size of the primary image, orientation 1 (libheif applies the transformations). */
    static ImageHeader readHeic(byte[] source) {
        return new HeifHeader(source, ImageFormat.HEIC).parse();
    }

    private ImageHeader parse() {
        long metaAt = -1;
        long metaEnd = -1;
        for (long at = 0; at + 8 <= b.length();) {
            if (format == ImageFormat.HEIC && metaAt >= 0 && !fits(at)) {
                break;   // the coded data after the meta box, cut short: libheif reports that when it decodes
            }
            Box box = box(at, b.length());
            if (box.type.equals("ftyp")) {
                sequence = b.matches(box.data, "avis");
            } else if (box.type.equals("meta")) {
                metaAt = box.data + 4;
                metaEnd = box.end;
            }
            at = box.end;
        }
        if (metaAt < 0) {
            throw b.corrupt("the " + name + " file has no meta box");
        }
        children(metaAt, metaEnd);
        if (primary < 0) {
            throw b.corrupt("the " + name + " file names no primary item");
        }
        return header();
    }

    private void children(long from, long end) {
        for (long at = from; at + 8 <= end;) {
            Box box = box(at, end);
            switch (box.type) {
                case "pitm" -> primary = b.u8(box.data) == 0 ? b.u16be(box.data + 4) : b.u32be(box.data + 4);
                case "iprp" -> iprp(box.data, box.end);
                case "iref" -> iref(box);
                case "iinf" -> iinf(box);
                case "iloc" -> iloc(box);
                case "idat" -> {
                    idatAt = box.data;
                    idatEnd = box.end;
                }
                default -> { }
            }
            at = box.end;
        }
    }

    private void iprp(long from, long end) {
        for (long at = from; at + 8 <= end;) {
            Box box = box(at, end);
            if (box.type.equals("ipco")) {
                for (long p = box.data; p + 8 <= box.end;) {
                    Box prop = box(p, box.end);
                    properties.add(new Property(prop.type, prop.data, prop.end));
                    p = prop.end;
                }
            } else if (box.type.equals("ipma")) {
                ipma(box);
            }
            at = box.end;
        }
    }

    private void ipma(Box box) {
        int version = b.u8(box.data);
        boolean wide = (b.u24be(box.data + 1) & 1) != 0;
        long count = b.u32be(box.data + 4);
        long at = box.data + 8;
        for (long i = 0; i < count && at < box.end; i++) {
            long item = version < 1 ? b.u16be(at) : b.u32be(at);
            at += version < 1 ? 2 : 4;
            int n = b.u8(at++);
            List<Integer> list = associations.computeIfAbsent(item, k -> new ArrayList<>());
            for (int k = 0; k < n; k++) {
                int index = wide ? b.u16be(at) & 0x7FFF : b.u8(at) & 0x7F;
                at += wide ? 2 : 1;
                list.add(index);
            }
        }
    }

    private void iref(Box box) {
        int version = b.u8(box.data);
        int idSize = version == 0 ? 2 : 4;
        for (long at = box.data + 4; at + 8 <= box.end;) {
            Box ref = box(at, box.end);
            if (ref.type.equals("auxl") || ref.type.equals("cdsc")) {
                Map<Long, List<Long>> target = ref.type.equals("auxl") ? auxl : describes;
                long from = idSize == 2 ? b.u16be(ref.data) : b.u32be(ref.data);
                int n = b.u16be(ref.data + idSize);
                for (int k = 0; k < n; k++) {
                    long to = idSize == 2 ? b.u16be(ref.data + idSize + 2 + 2L * k)
                            : b.u32be(ref.data + idSize + 2 + 4L * k);
                    target.computeIfAbsent(to, t -> new ArrayList<>()).add(from);
                }
            }
            at = ref.end;
        }
    }

    /** Item types from {@code infe} entries (versions 2 and 3), to find the Exif item. */
    private void iinf(Box box) {
        int version = b.u8(box.data);
        long at = box.data + 4 + (version == 0 ? 2 : 4);
        while (at + 8 <= box.end) {
            Box infe = box(at, box.end);
            int v = b.u8(infe.data);
            if (infe.type.equals("infe") && v >= 2) {
                long id = v == 2 ? b.u16be(infe.data + 4) : b.u32be(infe.data + 4);
                long typeAt = infe.data + 4 + (v == 2 ? 2 : 4) + 2;
                itemTypes.put(id, b.ascii(typeAt, 4));
            }
            at = infe.end;
        }
    }

    /** File offsets of single-extent items stored in the file (construction method 0). */
    private void iloc(Box box) {
        int version = b.u8(box.data);
        int sizes = b.u16be(box.data + 4);
        int offsetSize = sizes >> 12;
        int lengthSize = (sizes >> 8) & 0xF;
        int baseSize = (sizes >> 4) & 0xF;
        int indexSize = version >= 1 ? sizes & 0xF : 0;
        long at = box.data + 6;
        long count = version < 2 ? b.u16be(at) : b.u32be(at);
        at += version < 2 ? 2 : 4;
        for (long i = 0; i < count && at < box.end; i++) {
            long id = version < 2 ? b.u16be(at) : b.u32be(at);
            at += version < 2 ? 2 : 4;
            int method = version >= 1 ? b.u16be(at) & 0xF : 0;
            at += version >= 1 ? 2 : 0;
            at += 2;
            long base = sized(at, baseSize);
            at += baseSize;
            int extents = b.u16be(at);
            at += 2;
            for (int e = 0; e < extents; e++) {
                at += indexSize;
                long offset = sized(at, offsetSize);
                long length = sized(at + offsetSize, lengthSize);
                at += offsetSize + lengthSize;
                if (e == 0 && extents == 1 && method == 0) {
                    itemExtents.put(id, new long[] {base + offset, length});
                } else if (e == 0 && extents == 1 && method == 1) {
                    idatExtents.put(id, new long[] {base + offset, length});
                }
            }
        }
    }

    private long sized(long at, int size) {
        return switch (size) {
            case 0 -> 0;
            case 4 -> b.u32be(at);
            case 8 -> b.u64be(at);
            default -> throw b.corrupt("the " + name + " item locations are corrupt");
        };
    }

    /**
     * EXIF orientation from an Exif item describing the primary item; used only when the file has no irot/imir,
     * which take precedence in HEIF.
     */
    private int exifOrientation() {
        for (long item : describes.getOrDefault(primary, List.of())) {
            long[] extent = itemExtents.get(item);
            if ("Exif".equals(itemTypes.get(item)) && extent != null && extent[1] > 4) {
                b.require(extent[0], extent[1]);
                long tiff = b.u32be(extent[0]);
                if (tiff < extent[1] - 4) {
                    return ExifOrientation.read(b.copy(extent[0] + 4 + tiff, extent[1] - 4 - tiff), 0);
                }
            }
        }
        return 1;
    }

    private ImageHeader header() {
        long width = -1;
        long height = -1;
        int depth = 8;
        int rotation = 0;
        int mirror = -1;
        byte[] icc = null;
        int[] nclx = null;
        long[] clap = null;
        for (int index : associations.getOrDefault(primary, List.of())) {
            if (index < 1 || index > properties.size()) {
                continue;
            }
            Property p = properties.get(index - 1);
            switch (p.type) {
                case "ispe" -> {
                    width = b.u32be(p.data + 4);
                    height = b.u32be(p.data + 8);
                }
                case "pixi" -> depth = b.u8(p.data + 4) > 0 ? b.u8(p.data + 5) : 8;
                case "irot" -> rotation = b.u8(p.data) & 3;
                case "imir" -> mirror = b.u8(p.data) & 1;
                case "colr" -> {
                    String kind = b.ascii(p.data, 4);
                    if ((kind.equals("prof") || kind.equals("rICC"))
                            && p.end - p.data - 4 <= ImageHeader.MAX_ICC_BYTES) {
                        icc = b.copy(p.data + 4, p.end - p.data - 4);
                    } else if (kind.equals("nclx")) {
                        nclx = new int[] {b.u16be(p.data + 4), b.u16be(p.data + 6)};
                    }
                }
                case "clap" -> clap = new long[] {b.u32be(p.data), b.u32be(p.data + 4), b.u32be(p.data + 8),
                        b.u32be(p.data + 12)};
                default -> { }
            }
        }
        if (width <= 0 || height <= 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            throw b.corrupt("the " + name + " primary item has no valid size (ispe)");
        }
        if (format == ImageFormat.HEIC) {
            return heic(width, height, depth, rotation, icc != null ? icc : NclxProfile.icc(nclx), clap);
        }
        int orientation = rotation == 0 && mirror < 0 ? exifOrientation() : ORIENTATION[rotation][mirror + 1];
        return new ImageHeader(ImageFormat.AVIF, (int) width, (int) height, orientation, hasAlpha(),
                sequence ? 2 : 1, depth, false, icc, largestItem(), false);
    }

    /**
     * The HEIC header: for a grid the size of its grid descriptor (which must agree with the grid's {@code ispe}),
     * then the clean aperture and a quarter turn applied as libheif applies them.
     */
    private ImageHeader heic(long width, long height, int depth, int rotation, byte @Nullable [] icc,
            long @Nullable [] clap) {
        long largest = largestItem();
        if ("grid".equals(itemTypes.get(primary))) {
            long[] grid = gridSize();
            if (grid[0] != width || grid[1] != height) {
                throw b.corrupt(String.format(Locale.ROOT, "the HEIC grid is %dx%d but its ispe says %dx%d",
                        grid[0], grid[1], width, height));
            }
        }
        long w = width;
        long h = height;
        if (clap != null) {
            w = cleanAperture(clap[0], clap[1], width);
            h = cleanAperture(clap[2], clap[3], height);
        }
        if ((rotation & 1) != 0) {
            long t = w;
            w = h;
            h = t;
        }
        return new ImageHeader(ImageFormat.HEIC, (int) w, (int) h, 1, hasAlpha(), 1, depth, false, icc,
                Math.max(largest, width * height), false);
    }

    /** A clean-aperture side {@code n / d} (rounded as a whole pixel), which must lie inside the coded side. */
    private long cleanAperture(long n, long d, long side) {
        if (d == 0 || n == 0 || n > Integer.MAX_VALUE) {
            throw b.corrupt("the HEIC clean aperture (clap) is impossible");
        }
        long size = (n + d / 2) / d;
        if (size < 1 || size > side) {
            throw b.corrupt("the HEIC clean aperture (clap) lies outside the image");
        }
        return size;
    }

    /** The output size of the primary grid item's descriptor ({@code ImageGrid}, in idat or in the file). */
    private long[] gridSize() {
        long[] extent = idatExtents.get(primary);
        long at;
        long length;
        if (extent != null) {
            at = idatAt + extent[0];
            length = extent[1];
            if (idatAt < 0 || at + length > idatEnd) {
                throw b.corrupt("the HEIC grid descriptor lies outside its idat box");
            }
        } else {
            extent = itemExtents.get(primary);
            if (extent == null) {
                throw b.corrupt("the HEIC grid descriptor cannot be found");
            }
            at = extent[0];
            length = extent[1];
        }
        b.require(at, length);
        boolean wide = (b.u8(at + 1) & 1) != 0;
        if (length < (wide ? 12 : 8)) {
            throw b.corrupt("the HEIC grid descriptor is truncated");
        }
        return wide ? new long[] {b.u32be(at + 4), b.u32be(at + 8)}
                : new long[] {b.u16be(at + 4), b.u16be(at + 6)};
    }

    /** The largest size any item declares (grid tiles, alpha, thumbnails, hidden items): what a decode may allocate. */
    private long largestItem() {
        long largest = 0;
        for (Property p : properties) {
            if (p.type.equals("ispe") && p.end - p.data >= 12) {
                long w = b.u32be(p.data + 4);
                long h = b.u32be(p.data + 8);
                largest = Math.max(largest, w > 0 && h > Long.MAX_VALUE / w ? Long.MAX_VALUE : w * h);
            }
        }
        return largest;
    }

    private boolean hasAlpha() {
        for (long aux : auxl.getOrDefault(primary, List.of())) {
            for (int index : associations.getOrDefault(aux, List.of())) {
                if (index >= 1 && index <= properties.size()) {
                    Property p = properties.get(index - 1);
                    if (p.type.equals("auxC") && ALPHA_URNS.contains(cString(p.data + 4, p.end))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private String cString(long from, long end) {
        StringBuilder s = new StringBuilder();
        for (long i = from; i < end && b.u8(i) != 0 && s.length() < 128; i++) {
            s.append((char) b.u8(i));
        }
        return s.toString();
    }

    /** Whether the box at {@code at} ends within the data. */
    private boolean fits(long at) {
        long size = b.u32be(at);
        if (size == 1) {
            return at + 16 <= b.length() && b.u64be(at + 8) <= b.length() - at;
        }
        return size == 0 || size <= b.length() - at;
    }

    /** One box at {@code at}, which must end by {@code limit}. */
    private Box box(long at, long limit) {
        long size = b.u32be(at);
        String type = b.ascii(at + 4, 4);
        long header = 8;
        if (size == 1) {
            size = b.u64be(at + 8);
            header = 16;
        } else if (size == 0) {
            size = limit - at;
        }
        if (size < header || at + size > limit) {
            throw b.corrupt("the " + name + " box '" + type.strip() + "' has an impossible size");
        }
        return new Box(type, at + header, at + size);
    }

    private record Box(String type, long data, long end) {
    }

    private record Property(String type, long data, long end) {
    }
}
