package dev.thumbd.resizer.probe;

import dev.thumbd.spec.ImageFormat;

/**
 * GIF: the logical screen, then the block stream walked without decoding (extensions and image data are
 * sub-block chains), counting image descriptors as frames and noting transparency from graphic control extensions.
 * Every frame's own size is read too: a frame may declare more pixels than the logical screen, and the decoder
 * allocates the frame, not the screen.
 */
final class GifHeader {

    private GifHeader() {
    }

    static ImageHeader read(byte[] source) {
        HeaderBytes b = new HeaderBytes(source, "GIF");
        int w = b.u16le(6);
        int h = b.u16le(8);
        int packed = b.u8(10);
        if (w == 0 || h == 0) {
            throw b.corrupt("the GIF declares a zero size");
        }
        long at = 13 + colourTable(packed);
        int frames = 0;
        long largest = 0;
        boolean alpha = false;
        String outside = null;
        while (true) {
            if (at == b.length() && frames > 0) {
                break; // a missing trailer after complete frames is common and harmless
            }
            int block = b.u8(at);
            if (block == 0x3B) {
                break;
            } else if (block == 0x21) {
                int label = b.u8(at + 1);
                if (label == 0xF9 && b.u8(at + 2) >= 4 && (b.u8(at + 3) & 1) == 1) {
                    alpha = true;
                }
                at = skipSubBlocks(b, at + 2);
            } else if (block == 0x2C) {
                frames++;
                int fx = b.u16le(at + 1);
                int fy = b.u16le(at + 3);
                int fw = b.u16le(at + 5);
                int fh = b.u16le(at + 7);
                largest = Math.max(largest, (long) fw * fh);
                if (outside == null && ((long) fx + fw > w || (long) fy + fh > h)) {
                    outside = "frame " + (frames - 1) + " (" + fw + "x" + fh + " at " + fx + "," + fy
                            + ") lies outside the " + w + "x" + h + " logical screen";
                }
                int local = b.u8(at + 9);
                at = skipSubBlocks(b, at + 10 + colourTable(local) + 1);
            } else {
                throw b.corrupt("the GIF block stream is corrupt");
            }
        }
        if (frames == 0) {
            throw b.corrupt("the GIF has no image");
        }
        if (frames > 1 && outside != null) {
            // an animation is composited frame over frame on the screen: a frame beyond it has nowhere to go
            throw b.corrupt("the animated GIF's " + outside);
        }
        return new ImageHeader(ImageFormat.GIF, w, h, 1, alpha, frames, 8, false, null, largest, false);
    }

    private static int colourTable(int packed) {
        return (packed & 0x80) != 0 ? 3 * (1 << ((packed & 0x07) + 1)) : 0;
    }

    private static long skipSubBlocks(HeaderBytes b, long at) {
        while (true) {
            int size = b.u8(at);
            if (size == 0) {
                return at + 1;
            }
            b.require(at + 1, size);
            at += 1 + size;
        }
    }
}
