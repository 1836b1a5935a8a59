package dev.thumbd.resizer.codec.png;

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
 * PNG decoding with libpng's simplified API.
 *
 * <p>Design note: the output layout follows the file: grey, grey+alpha, RGB or RGBA, 8 bits per channel. Palette
 * images become RGB, or RGBA when they carry tRNS transparency; a tRNS colour key on grey or RGB adds an alpha
 * channel. 16-bit samples are reduced to 8-bit sRGB by libpng, which also honours gAMA (and sRGB/iCCP as gamma hints)
 * so the result is sRGB-encoded; 16-bit files without gamma information are taken as sRGB-encoded ({@code
 * PNG_IMAGE_FLAG_16BIT_sRGB}, as browsers do) rather than linear, libpng's default. libpng has no shrink-on-load, so
 * {@code shrink} is ignored. Any failure (libpng's {@code png_error}, caught inside the simplified API) becomes {@code
 * CORRUPT_IMAGE}; libpng's message goes to the cause for the logs, never to the public detail. {@code png_image_free}
 * runs in {@code finally}. The 104-byte {@code png_image} struct lives just past the source bytes in {@link
 * Scratch.Slot#SOURCE_NATIVE}; pixels land in {@link Scratch.Slot#DECODE_NATIVE} and are copied to {@link
 * Scratch.Slot#DECODED}.
 */
public final class LibPngDecoder implements Decoder {

    private final LibPng png;

    public LibPngDecoder(LibPng png) {
        this.png = Objects.requireNonNull(png);
    }

    @Override
    public ImageFormat format() {
        return ImageFormat.PNG;
    }

    @Override
    public String implementation() {
        return png.version() + " simplified API (FFM)";
    }

    @Override
    public boolean isNative() {
        return true;
    }

    @Override
    public PixelBuffer decode(byte[] source, int shrink, Scratch scratch) {
        if (shrink < 1) {
            throw new IllegalArgumentException("shrink must be >= 1 but was " + shrink);
        }
        long imageAt = (source.length + 7L) & ~7L;
        MemorySegment native0 = scratch.nativeSegment(Scratch.Slot.SOURCE_NATIVE,
                imageAt + LibPng.PNG_IMAGE.byteSize());
        MemorySegment.copy(source, 0, native0, JAVA_BYTE, 0, source.length);
        MemorySegment image = native0.asSlice(imageAt, LibPng.PNG_IMAGE.byteSize());
        image.fill((byte) 0);
        image.set(JAVA_INT, LibPng.VERSION, LibPng.PNG_IMAGE_VERSION);
        try {
            if (png.beginReadFromMemory(image, native0, source.length) == 0) {
                throw corrupt(image, "png_image_begin_read_from_memory");
            }
            int width = image.get(JAVA_INT, LibPng.WIDTH);
            int height = image.get(JAVA_INT, LibPng.HEIGHT);
            int fileFormat = image.get(JAVA_INT, LibPng.FORMAT);
            PixelFormat format = formatFor(fileFormat);
            long length = Integer.toUnsignedLong(width) * Integer.toUnsignedLong(height) * format.channels();
            if (width <= 0 || height <= 0 || length > Integer.MAX_VALUE - 16) {
                throw new ProblemException(ProblemType.IMAGE_TOO_LARGE, "Image of "
                        + Integer.toUnsignedString(width) + "x" + Integer.toUnsignedString(height)
                        + " pixels is too large to decode");
            }
            image.set(JAVA_INT, LibPng.FORMAT, libpngFormat(format));
            image.set(JAVA_INT, LibPng.FLAGS, image.get(JAVA_INT, LibPng.FLAGS) | LibPng.PNG_IMAGE_FLAG_16BIT_SRGB);
            MemorySegment pixels = scratch.nativeSegment(Scratch.Slot.DECODE_NATIVE, length);
            if (png.finishRead(image, pixels, width * format.channels()) == 0) {
                throw corrupt(image, "png_image_finish_read");
            }
            byte[] out = scratch.bytes(Scratch.Slot.DECODED, (int) length);
            MemorySegment.copy(pixels, JAVA_BYTE, 0, out, 0, (int) length);
            return new PixelBuffer(out, width, height, format);
        } finally {
            png.free(image);
        }
    }

    /** The 8-bit layout for a file whose {@code png_image.format} (after begin_read) is {@code fileFormat}. */
    static PixelFormat formatFor(int fileFormat) {
        boolean colour = (fileFormat & LibPng.PNG_FORMAT_FLAG_COLOR) != 0;
        boolean alpha = (fileFormat & LibPng.PNG_FORMAT_FLAG_ALPHA) != 0;
        if (colour) {
            return alpha ? PixelFormat.RGBA : PixelFormat.RGB;
        }
        return alpha ? PixelFormat.GRAY_ALPHA : PixelFormat.GRAY;
    }

    static int libpngFormat(PixelFormat format) {
        return switch (format) {
            case GRAY -> LibPng.PNG_FORMAT_GRAY;
            case GRAY_ALPHA -> LibPng.PNG_FORMAT_GA;
            case RGB -> LibPng.PNG_FORMAT_RGB;
            case RGBA -> LibPng.PNG_FORMAT_RGBA;
            case CMYK -> throw new IllegalArgumentException("PNG has no CMYK");
        };
    }

    private static ProblemException corrupt(MemorySegment image, String function) {
        return new ProblemException(ProblemType.CORRUPT_IMAGE, "The PNG image is broken or truncated",
                new IllegalStateException(function + ": " + LibPng.message(image)));
    }
}
