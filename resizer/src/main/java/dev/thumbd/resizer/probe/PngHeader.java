package dev.thumbd.resizer.probe;

import dev.thumbd.spec.ImageFormat;
import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * PNG: IHDR, then the chunks before the first IDAT for transparency (tRNS), the ICC profile (iCCP, inflated with a
 * bound), APNG frame count (acTL) and EXIF (eXIf). Chunk CRCs are left to the decoder.
 */
final class PngHeader {

    /** Largest ICC profile accepted from iCCP: larger ones are ignored (no real profile comes near it). */
    private static final int MAX_ICC = ImageHeader.MAX_ICC_BYTES;

    private PngHeader() {
    }

    static ImageHeader read(byte[] source) {
        HeaderBytes b = new HeaderBytes(source, "PNG");
        if (b.u32be(8) != 13 || !b.matches(12, "IHDR")) {
            throw b.corrupt("the PNG does not start with an IHDR chunk");
        }
        long width = b.u32be(16);
        long height = b.u32be(20);
        int depth = b.u8(24);
        int colourType = b.u8(25);
        if (width == 0 || height == 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            throw b.corrupt("the PNG declares an impossible size (" + width + "x" + height + ")");
        }
        boolean alpha = colourType == 4 || colourType == 6;
        int frames = 1;
        int orientation = 1;
        byte[] icc = null;
        long at = 33;
        while (at + 8 <= b.length()) {
            long length = b.u32be(at);
            String type = b.ascii(at + 4, 4);
            long data = at + 8;
            if (type.equals("IDAT") || type.equals("IEND")) {
                break;
            }
            b.require(data, length + 4);
            switch (type) {
                case "tRNS" -> alpha = true;
                case "acTL" -> frames = (int) Math.min(Integer.MAX_VALUE, b.u32be(data));
                case "iCCP" -> icc = iccProfile(b, data, length);
                case "eXIf" -> orientation = ExifOrientation.read(b.copy(data, length), 0);
                default -> { }
            }
            at = data + length + 4;
        }
        return new ImageHeader(ImageFormat.PNG, (int) width, (int) height, orientation, alpha, Math.max(1, frames),
                depth, false, icc, 0, false, colourType == 0 || colourType == 4);
    }

    /** The inflated profile of an iCCP chunk (name, NUL, method, zlib data), or null when unusable. */
    private static byte[] iccProfile(HeaderBytes b, long data, long length) {
        int nameEnd = -1;
        for (int i = 0; i < Math.min(80, length); i++) {
            if (b.u8(data + i) == 0) {
                nameEnd = i;
                break;
            }
        }
        if (nameEnd < 0 || nameEnd + 2 > length) {
            return null;
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(b.data(), (int) (data + nameEnd + 2), (int) (length - nameEnd - 2));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!inflater.finished() && out.size() <= MAX_ICC) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return null;
                }
                out.write(buf, 0, n);
            }
            return out.size() <= MAX_ICC ? out.toByteArray() : null;
        } catch (DataFormatException e) {
            return null;
        } finally {
            inflater.end();
        }
    }
}
