package dev.thumbd.resizer.codec.webp;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.codec.Decoder;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.spec.ImageFormat;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Still WebP decoding with libwebp's {@code WebPDecodeRGB(A)Into}, into {@link Scratch.Slot#DECODE_NATIVE} and then
 * the heap. RGBA when the file carries alpha (VP8X alpha flag or VP8L alpha hint), RGB otherwise.
 *
 * <p>With {@code shrink > 1} the advanced API decodes straight to {@code ceil(size / shrink)} with libwebp's
 * rescaler (shrink-on-load for WebP). It refuses animations, so animated WebP goes to {@link ImageIoWebpDecoder} for its
 * first frame (see {@link #decodes}).
 */
public final class LibWebpDecoder implements Decoder {

    private final LibWebp webp;
    private final Decoder animations;

    /**
     * @param animations decodes the first frame of animated files (the TwelveMonkeys reader, pure Java)
     */
    public LibWebpDecoder(LibWebp webp, Decoder animations) {
        this.webp = Objects.requireNonNull(webp);
        this.animations = Objects.requireNonNull(animations);
    }

    @Override
    public ImageFormat format() {
        return ImageFormat.WEBP;
    }

    @Override
    public String implementation() {
        return webp.version() + " (FFM; animations via TwelveMonkeys)";
    }

    @Override
    public boolean isNative() {
        return true;
    }

    /** libwebp rescales the whole picture to the requested size: the output has no partial edge block. */
    @Override
    public boolean shrinksByBlocks() {
        return false;
    }

    /** Whether the file is a still image this decoder takes (not an animation). */
    public static boolean decodes(byte[] source) {
        return !(source.length > 20 && source[12] == 'V' && source[13] == 'P' && source[14] == '8'
                && source[15] == 'X' && (source[20] & 0x02) != 0);
    }

    @Override
    public PixelBuffer decode(byte[] source, int shrink, Scratch scratch) {
        if (!decodes(source)) {
            return animations.decode(source, shrink, scratch);
        }
        long riff = source.length >= 8 ? Integer.toUnsignedLong((source[4] & 0xFF) | (source[5] & 0xFF) << 8
                | (source[6] & 0xFF) << 16 | (source[7] & 0xFF) << 24) : -1;
        if (riff < 4 || riff + 8 > source.length) {
            // libwebp decodes a file cut short as far as it goes; strict mode refuses it (the RIFF size says
            // how long the file must be).
            throw corrupt("RIFF size " + riff + " + 8 exceeds the " + source.length + " bytes given");
        }
        long dimsAt = (source.length + 7L) & ~7L;
        MemorySegment data = scratch.nativeSegment(Scratch.Slot.SOURCE_NATIVE, dimsAt + 8);
        MemorySegment.copy(source, 0, data, JAVA_BYTE, 0, source.length);
        MemorySegment dims = data.asSlice(dimsAt, 8);
        if (webp.getInfo(data, source.length, dims, dims.asSlice(4, 4)) == 0) {
            throw corrupt("WebPGetInfo refused the header");
        }
        int w = dims.get(JAVA_INT, 0);
        int h = dims.get(JAVA_INT, 4);
        boolean alpha = hasAlpha(source);
        PixelFormat format = alpha ? PixelFormat.RGBA : PixelFormat.RGB;
        long size = (long) w * h * format.channels();
        if (w < 1 || h < 1 || size > Integer.MAX_VALUE - 16) {
            throw new ProblemException(ProblemType.IMAGE_TOO_LARGE, "the WebP image is too large to decode");
        }
        if (shrink > 1) {
            w = Math.max(1, (w + shrink - 1) / shrink);
            h = Math.max(1, (h + shrink - 1) / shrink);
            size = (long) w * h * format.channels();
        }
        MemorySegment out = scratch.nativeSegment(Scratch.Slot.DECODE_NATIVE, size);
        if (shrink > 1) {
            int status = webp.decodeScaled(alpha, data, source.length, out, size, w * format.channels(), w, h);
            if (status != 0) {
                throw corrupt("WebPDecode (scaled) returned status " + status);
            }
        } else if (webp.decodeInto(alpha, data, source.length, out, size, w * format.channels()).address() == 0) {
            throw corrupt("WebPDecode failed");
        }
        byte[] pixels = scratch.bytes(Scratch.Slot.DECODED, (int) size);
        MemorySegment.copy(out, JAVA_BYTE, 0, pixels, 0, (int) size);
        return new PixelBuffer(pixels, w, h, format);
    }

    /** Still images decode scaled to {@code ceil(side / shrink)}; animations (first frame) at full size. */
    @Override
    public int loadShrink(int shrink) {
        return Math.max(1, shrink);
    }

    /** Alpha per the container: the VP8X flag, a VP8L alpha hint, or none for simple lossy files. */
    static boolean hasAlpha(byte[] s) {
        if (s.length < 30) {
            return false;
        }
        if (s[12] == 'V' && s[13] == 'P' && s[14] == '8' && s[15] == 'X') {
            return (s[20] & 0x10) != 0;
        }
        if (s[12] == 'V' && s[13] == 'P' && s[14] == '8' && s[15] == 'L') {
            return ((s[24] >> 4) & 1) == 1;
        }
        return false;
    }

    private static ProblemException corrupt(String cause) {
        return new ProblemException(ProblemType.CORRUPT_IMAGE, "The WebP image is broken or truncated",
                new IllegalStateException(cause));
    }
}
