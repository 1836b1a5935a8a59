package dev.thumbd.resizer.probe;

import dev.thumbd.spec.ImageFormat;

/**
 * BMP (Windows bitmap): the file header and the DIB header that follows it, either the 12-byte OS/2 core header
 * (16-bit sizes) or a BITMAPINFOHEADER and its V4/V5 extensions (32-bit sizes, a negative height meaning rows top
 * down). Alpha when a V4/V5 header with bit fields declares an alpha mask.
 */
final class BmpHeader {

    private static final int CORE = 12;
    private static final int BITFIELDS = 3;
    private static final int ALPHA_BITFIELDS = 6;

    private BmpHeader() {
    }

    static ImageHeader read(byte[] source) {
        HeaderBytes b = new HeaderBytes(source, "BMP");
        long dib = b.u32le(14);
        long width;
        long height;
        int bits;
        boolean alpha = false;
        if (dib == CORE) {
            width = b.u16le(18);
            height = b.u16le(20);
            bits = b.u16le(24);
        } else if (dib >= 40 && dib <= 124) {
            width = (int) b.u32le(18);
            height = Math.abs((long) (int) b.u32le(22));
            bits = b.u16le(28);
            long compression = b.u32le(30);
            if (dib >= 56 && (compression == BITFIELDS || compression == ALPHA_BITFIELDS)) {
                alpha = b.u32le(14 + 52) != 0;
            }
        } else {
            throw b.corrupt("the BMP header of " + dib + " bytes is not one thumbd reads");
        }
        if (width < 1 || height < 1 || height > Integer.MAX_VALUE) {
            throw b.corrupt("the BMP image has no valid size");
        }
        return new ImageHeader(ImageFormat.BMP, (int) width, (int) height, 1, alpha, 1, 8, false, null);
    }
}
