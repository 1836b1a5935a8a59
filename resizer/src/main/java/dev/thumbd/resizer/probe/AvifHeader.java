package dev.thumbd.resizer.probe;

import dev.thumbd.spec.ImageFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * AVIF: the ISOBMFF boxes of the {@code meta} box (ISO/IEC 23008-12, HEIF). The primary item ({@code pitm}) has its
 * properties in {@code iprp/ipco}, associated by {@code ipma}: {@code ispe} (size), {@code pixi} (bit depth),
 * {@code irot} and {@code imir} (orientation), {@code colr} (ICC when its type is {@code prof} or {@code rICC}). An
 * alpha plane is an auxiliary item with an {@code auxC} alpha URN, linked to the primary by an {@code iref/auxl}.
 *
 * <p>irot (anticlockwise quarter turns) then imir (axis 0: mirror left-right, 1: top-bottom), the order MIAF
 * mandates, map onto EXIF orientation numbers so the pipeline orients every format the same way:
 * <pre>
 *   irot \ imir   none  axis0  axis1
 *   0              1     2      4
 *   1 (90 ccw)     8     7      5
 *   2 (180)        3     4      2
 *   3 (90 cw)      6     5      7
 * </pre>
 */
final class AvifHeader {

    private static final int[][] ORIENTATION = {{1, 2, 4}, {8, 7, 5}, {3, 4, 2}, {6, 5, 7}};
    private static final Set<String> ALPHA_URNS =
            Set.of("urn:mpeg:mpegB:cicp:systems:auxiliary:alpha", "urn:mpeg:hevc:2015:auxid:1");

    private final HeaderBytes b;
    private long primary = -1;
    private final List<Property> properties = new ArrayList<>();
    private final Map<Long, List<Integer>> associations = new HashMap<>();
    private final Set<Long> auxiliaryOfPrimary = new HashSet<>();
    private final Map<Long, List<Long>> auxl = new HashMap<>();
    private final Map<Long, String> itemTypes = new HashMap<>();
    private final Map<Long, long[]> itemExtents = new HashMap<>();
    private final Map<Long, List<Long>> describes = new HashMap<>();
    private boolean sequence;

    private AvifHeader(HeaderBytes b) {
        this.b = b;
    }

    static ImageHeader read(byte[] source) {
        AvifHeader h = new AvifHeader(new HeaderBytes(source, "AVIF"));
        return h.parse();
    }

    private ImageHeader parse() {
        long metaAt = -1;
        long metaEnd = -1;
        for (long at = 0; at + 8 <= b.length();) {
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
            throw b.corrupt("the AVIF file has no meta box");
        }
        children(metaAt, metaEnd);
        if (primary < 0) {
            throw b.corrupt("the AVIF file names no primary item");
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
                }
            }
        }
    }

    private long sized(long at, int size) {
        return switch (size) {
            case 0 -> 0;
            case 4 -> b.u32be(at);
            case 8 -> b.u64be(at);
            default -> throw b.corrupt("the AVIF item locations are corrupt");
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
                    }
                }
                default -> { }
            }
        }
        if (width <= 0 || height <= 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            throw b.corrupt("the AVIF primary item has no valid size (ispe)");
        }
        int orientation = rotation == 0 && mirror < 0 ? exifOrientation() : ORIENTATION[rotation][mirror + 1];
        return new ImageHeader(ImageFormat.AVIF, (int) width, (int) height, orientation, hasAlpha(),
                sequence ? 2 : 1, depth, false, icc, largestItem(), false);
    }

    /** The largest size any item declares (grid tiles, alpha, thumbnails, hidden items): what a decode may allocate. */
    private long largestItem() {
        long largest = 0;
        for (Property p : properties) {
            if (p.type.equals("ispe") && p.end - p.data >= 12) {
                largest = Math.max(largest, b.u32be(p.data + 4) * b.u32be(p.data + 8));
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
            throw b.corrupt("the AVIF box '" + type.strip() + "' has an impossible size");
        }
        return new Box(type, at + header, at + size);
    }

    private record Box(String type, long data, long end) {
    }

    private record Property(String type, long data, long end) {
    }
}
