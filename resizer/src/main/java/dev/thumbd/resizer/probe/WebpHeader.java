package dev.thumbd.resizer.probe;

import dev.thumbd.spec.ImageFormat;

/**
 * WebP: the RIFF chunk list. A simple file is one VP8 (lossy) or VP8L (lossless) chunk; an extended file starts
 * with VP8X (canvas size, alpha, animation, ICC and EXIF flags) followed by ICCP, ANIM/ANMF frames, ALPH, EXIF.
 * Sizes per the WebP container and bitstream specifications (RFC 9649).
 */
final class WebpHeader {

    private WebpHeader() {
    }

    static ImageHeader read(byte[] source) {
        HeaderBytes b = new HeaderBytes(source, "WebP");
        String first = b.ascii(12, 4);
        long payload = 20;
        return switch (first) {
            case "VP8 " -> lossy(b, payload);
            case "VP8L" -> lossless(b, payload);
            case "VP8X" -> extended(b, payload);
            default -> throw b.corrupt("the WebP file starts with an unknown chunk '" + first.strip() + "'");
        };
    }

    private static ImageHeader lossy(HeaderBytes b, long p) {
        if (b.u8(p + 3) != 0x9D || b.u8(p + 4) != 0x01 || b.u8(p + 5) != 0x2A) {
            throw b.corrupt("the WebP VP8 frame header is corrupt");
        }
        int w = b.u16le(p + 6) & 0x3FFF;
        int h = b.u16le(p + 8) & 0x3FFF;
        return still(b, w, h, false);
    }

    private static ImageHeader lossless(HeaderBytes b, long p) {
        if (b.u8(p) != 0x2F) {
            throw b.corrupt("the WebP VP8L signature is wrong");
        }
        long bits = b.u32le(p + 1);
        int w = (int) (bits & 0x3FFF) + 1;
        int h = (int) ((bits >> 14) & 0x3FFF) + 1;
        boolean alpha = ((bits >> 28) & 1) == 1;
        return still(b, w, h, alpha);
    }

    private static ImageHeader still(HeaderBytes b, int w, int h, boolean alpha) {
        if (w == 0 || h == 0) {
            throw b.corrupt("the WebP declares a zero size");
        }
        return new ImageHeader(ImageFormat.WEBP, w, h, 1, alpha, 1, 8, false, null);
    }

    private static ImageHeader extended(HeaderBytes b, long p) {
        int flags = b.u8(p);
        boolean alpha = (flags & 0x10) != 0;
        boolean animated = (flags & 0x02) != 0;
        int w = b.u24le(p + 4) + 1;
        int h = b.u24le(p + 7) + 1;
        int frames = 0;
        int orientation = 1;
        byte[] icc = null;
        long at = 12 + 8 + b.u32le(16);
        at += at & 1;
        while (at + 8 <= b.length()) {
            String type = b.ascii(at, 4);
            long size = b.u32le(at + 4);
            long data = at + 8;
            b.require(data, size);
            switch (type) {
                case "ANMF" -> {
                    frames++;
                    // frame rectangle: X/2, Y/2, width-1, height-1 (24 bits each), then duration and flags
                    long fx = 2L * b.u24le(data);
                    long fy = 2L * b.u24le(data + 3);
                    long fw = b.u24le(data + 6) + 1L;
                    long fh = b.u24le(data + 9) + 1L;
                    if (fx + fw > w || fy + fh > h) {
                        throw b.corrupt("the animated WebP's frame " + (frames - 1) + " (" + fw + "x" + fh + " at "
                                + fx + "," + fy + ") lies outside the " + w + "x" + h + " canvas");
                    }
                }
                case "ICCP" -> icc = size <= ImageHeader.MAX_ICC_BYTES ? b.copy(data, size) : null;
                case "EXIF" -> orientation = ExifOrientation.read(b.copy(data, size), exifStart(b, data, size));
                case "ALPH" -> alpha = true;
                default -> { }
            }
            at = data + size + (size & 1);
        }
        if (animated && frames == 0) {
            throw b.corrupt("the animated WebP has no frames");
        }
        return new ImageHeader(ImageFormat.WEBP, w, h, orientation, alpha, Math.max(1, frames), 8, false, icc);
    }

    /** Some writers put a JPEG-style "Exif\0\0" preamble before the TIFF header; skip it if present. */
    private static int exifStart(HeaderBytes b, long data, long size) {
        return size > 6 && b.matches(data, "Exif\0\0") ? 6 : 0;
    }
}
