package dev.thumbd.resizer.probe;

import dev.thumbd.spec.ImageFormat;
import java.io.ByteArrayOutputStream;
import java.util.TreeMap;

/**
 * JPEG: walks the marker segments from SOI to the first start-of-frame, collecting EXIF (APP1) and ICC (APP2
 * chunks, reassembled by sequence number) on the way. Nothing after the frame header is read.
 */
final class JpegHeader {

    private JpegHeader() {
    }

    static ImageHeader read(byte[] source) {
        HeaderBytes b = new HeaderBytes(source, "JPEG");
        int orientation = 1;
        TreeMap<Integer, byte[]> icc = new TreeMap<>();
        long iccBytes = 0;
        long at = 2;
        while (true) {
            if (b.u8(at) != 0xFF) {
                throw b.corrupt("the JPEG header is corrupt (no marker where one belongs)");
            }
            int marker = b.u8(at + 1);
            if (marker == 0xFF) {
                at++;
                continue;
            }
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                at += 2;
                continue;
            }
            if (marker == 0xD9 || marker == 0xDA) {
                throw b.corrupt("the JPEG has no frame header before its image data");
            }
            int length = b.u16be(at + 2);
            if (length < 2) {
                throw b.corrupt("the JPEG header is corrupt (segment length " + length + ")");
            }
            long payload = at + 4;
            int size = length - 2;
            b.require(payload, size);
            if (isStartOfFrame(marker)) {
                return frame(b, payload, orientation, icc, (marker & 0x03) == 0x02);
            }
            if (marker == 0xE1 && b.matches(payload, "Exif\0\0") && orientation == 1) {
                orientation = ExifOrientation.read(b.copy(payload + 6, size - 6), 0);
            } else if (marker == 0xE2 && size > 14 && b.matches(payload, "ICC_PROFILE\0")) {
                iccBytes += size - 14;
                if (iccBytes <= ImageHeader.MAX_ICC_BYTES) {
                    icc.put(b.u8(payload + 12), b.copy(payload + 14, size - 14));
                } else {
                    icc.clear();   // too large to use: ignored whole, not copied further
                }
            }
            at = payload + size;
        }
    }

    private static boolean isStartOfFrame(int m) {
        return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
    }

    private static ImageHeader frame(HeaderBytes b, long p, int orientation, TreeMap<Integer, byte[]> icc,
            boolean progressive) {
        int precision = b.u8(p);
        int height = b.u16be(p + 1);
        int width = b.u16be(p + 3);
        int components = b.u8(p + 5);
        if (width == 0 || height == 0) {
            throw b.corrupt("the JPEG declares a zero size (" + width + "x" + height + ")");
        }
        if (components != 1 && components != 3 && components != 4) {
            throw b.corrupt("the JPEG has " + components + " colour components");
        }
        byte[] profile = null;
        if (!icc.isEmpty()) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            icc.values().forEach(all::writeBytes);
            profile = all.toByteArray();
        }
        return new ImageHeader(ImageFormat.JPEG, width, height, orientation, false, 1, precision, components == 4,
                profile, 0, progressive, components == 1);
    }
}
