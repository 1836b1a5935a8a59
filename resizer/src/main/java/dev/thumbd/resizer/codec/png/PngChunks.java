package dev.thumbd.resizer.codec.png;

import java.util.zip.CRC32;

/**
 * Checks the chunk structure and CRCs of a PNG before the JDK's reader sees it.
 *
 * <p>Design note: libpng rejects a CRC mismatch in a critical chunk (PngSuite {@code xhdn0g08}, {@code xcsn0g01}),
 * but the JDK's PNG reader does not verify CRCs at all and decodes whatever bytes are there. The fallback must be
 * as strict as the native path, so it walks the chunks first (PNG spec, section 5.3: length, type, data, CRC-32 over
 * type and data) up to {@code IEND}. Chunks the file runs out in the middle of are left to the reader, which fails
 * on truncation itself.
 */
final class PngChunks {

    private static final int SIGNATURE = 8;
    private static final int IEND = 0x49454E44;

    private PngChunks() {
    }

    /** Whether every complete chunk's CRC matches. */
    static boolean crcsMatch(byte[] png) {
        CRC32 crc = new CRC32();
        long pos = SIGNATURE;
        while (pos + 12 <= png.length) {
            int at = (int) pos;
            long length = Integer.toUnsignedLong(readInt(png, at));
            long end = pos + 8 + length + 4;
            if (end > png.length) {
                return true;
            }
            crc.reset();
            crc.update(png, at + 4, (int) (4 + length));
            if ((int) crc.getValue() != readInt(png, (int) (end - 4))) {
                return false;
            }
            if (readInt(png, at + 4) == IEND) {
                return true;
            }
            pos = end;
        }
        return true;
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }
}
