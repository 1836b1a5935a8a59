package dev.thumbd.resizer.codec.png;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.codec.EncodeOptions;
import dev.thumbd.resizer.codec.Encoder;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.spec.ImageFormat;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * PNG encoding with libpng's simplified API ({@code png_image_write_to_memory}).
 *
 * <p>The simplified API exposes no zlib level, filter choice or interlacing: {@link EncodeOptions#effort()} below 4
 * sets {@code PNG_IMAGE_FLAG_FAST} (libpng then favours speed: zlib level 1-ish and fewer filters), anything else
 * takes libpng's default compression; {@code progressive} (interlacing) and {@code quality} are ignored. The output
 * goes into {@link Scratch.Slot#ENCODE_NATIVE_OUT}, sized by png.h's worst-case bound
 * ({@code PNG_IMAGE_PNG_SIZE_MAX}, approximated from above here), so one call always suffices; if libpng still
 * reports the buffer too small, the write is retried once at the size it asked for.
 */
public final class LibPngEncoder implements Encoder {

    private static final int LOW_EFFORT = 4;
    private static final long SIZE_FIELD_BYTES = 8;

    private final LibPng png;

    public LibPngEncoder(LibPng png) {
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
    public byte[] encode(PixelBuffer image, EncodeOptions options, Scratch scratch) {
        int format = LibPngDecoder.libpngFormat(image.format());
        long structBytes = LibPng.PNG_IMAGE.byteSize();
        MemorySegment in = scratch.nativeSegment(Scratch.Slot.ENCODE_NATIVE_IN,
                image.byteLength() + structBytes + SIZE_FIELD_BYTES);
        MemorySegment pixels = in.asSlice(structBytes + SIZE_FIELD_BYTES, image.byteLength());
        MemorySegment.copy(image.data(), 0, pixels, JAVA_BYTE, 0, image.byteLength());
        MemorySegment struct = in.asSlice(0, structBytes);
        MemorySegment size = in.asSlice(structBytes, SIZE_FIELD_BYTES);
        long capacity = worstCase(image);
        for (int attempt = 0; attempt < 2; attempt++) {
            MemorySegment out = scratch.nativeSegment(Scratch.Slot.ENCODE_NATIVE_OUT, capacity);
            struct.fill((byte) 0);
            struct.set(JAVA_INT, LibPng.VERSION, LibPng.PNG_IMAGE_VERSION);
            struct.set(JAVA_INT, LibPng.WIDTH, image.width());
            struct.set(JAVA_INT, LibPng.HEIGHT, image.height());
            struct.set(JAVA_INT, LibPng.FORMAT, format);
            struct.set(JAVA_INT, LibPng.FLAGS, options.effort() < LOW_EFFORT ? LibPng.PNG_IMAGE_FLAG_FAST : 0);
            size.set(JAVA_LONG, 0, capacity);
            try {
                int ok = png.writeToMemory(struct, out, size, pixels, image.stride());
                long written = size.get(JAVA_LONG, 0);
                if (ok != 0) {
                    return out.asSlice(0, written).toArray(JAVA_BYTE);
                }
                if (written <= capacity) {
                    throw new ProblemException(ProblemType.FORMAT_UNAVAILABLE, "PNG encoding failed",
                            new IllegalStateException("png_image_write_to_memory: " + LibPng.message(struct)));
                }
                capacity = written;
            } finally {
                png.free(struct);
            }
        }
        throw new ProblemException(ProblemType.FORMAT_UNAVAILABLE, "PNG encoding failed",
                new IllegalStateException("png_image_write_to_memory kept asking for a larger buffer"));
    }

    /**
     * An upper bound on the PNG size, after png.h's {@code PNG_IMAGE_PNG_SIZE_MAX}: filtered data (one filter byte
     * per row) through zlib's worst case ({@code PNG_ZLIB_MAX_SIZE}), plus a 12-byte header per 8 KiB IDAT chunk
     * and the fixed chunks (signature, IHDR, gAMA, cHRM, sRGB, IEND), rounded up generously.
     */
    static long worstCase(PixelBuffer image) {
        long data = (long) image.byteLength() + image.height();
        long zlib = data + ((data + 7) >> 3) + ((data + 63) >> 6) + 11;
        return zlib + 12 * (zlib / 8192 + 1) + 1024;
    }
}
