package dev.thumbd.resizer.codec.png;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.thumbd.resizer.codec.Binding;
import dev.thumbd.resizer.codec.NativeLibrary;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * libpng's simplified API ({@code libpng16.so.16}) over FFM.
 *
 * <p>Design note: only the {@code png_image_*} functions are bound. libpng's classic API reports errors by
 * {@code longjmp} to a {@code setjmp} the caller must have made, which cannot be done across FFM; the simplified
 * API catches its own {@code longjmp} internally, returns 0 and leaves a message in {@code png_image.message}.
 * Signatures, constants and the {@code png_image} layout come from {@code /usr/include/png.h} of libpng 1.6.39
 * (Debian {@code libpng-dev}); the offsets below were checked with a C {@code offsetof} program against that header
 * on x86-64 (opaque 0, version 8, width 12, height 16, format 20, flags 24, colormap_entries 28,
 * warning_or_error 32, message 36, sizeof 104). {@code png_alloc_size_t} and {@code size_t} are 64 bits.
 */
public final class LibPng {

    /** Soname of libpng 1.6 (Debian {@code libpng16-16}). */
    public static final String SONAME = "libpng16.so.16";

    /** {@code PNG_IMAGE_VERSION} (png.h). */
    public static final int PNG_IMAGE_VERSION = 1;

    // PNG_FORMAT_* and PNG_FORMAT_FLAG_* (png.h).
    public static final int PNG_FORMAT_FLAG_ALPHA = 0x01;
    public static final int PNG_FORMAT_FLAG_COLOR = 0x02;
    public static final int PNG_FORMAT_FLAG_LINEAR = 0x04;
    public static final int PNG_FORMAT_FLAG_COLORMAP = 0x08;
    public static final int PNG_FORMAT_GRAY = 0;
    public static final int PNG_FORMAT_GA = PNG_FORMAT_FLAG_ALPHA;
    public static final int PNG_FORMAT_RGB = PNG_FORMAT_FLAG_COLOR;
    public static final int PNG_FORMAT_RGBA = PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA;

    /** {@code PNG_IMAGE_FLAG_FAST} (png.h): "prefer speed over compression" when writing. */
    public static final int PNG_IMAGE_FLAG_FAST = 0x02;

    /**
     * {@code PNG_IMAGE_FLAG_16BIT_sRGB} (png.h): on read, take 16-bit samples without gAMA/sRGB as sRGB-encoded
     * (as browsers do) rather than linear, libpng's default.
     */
    public static final int PNG_IMAGE_FLAG_16BIT_SRGB = 0x04;

    /** {@code PNG_IMAGE_ERROR} (png.h), in {@code warning_or_error & 3}. */
    public static final int PNG_IMAGE_ERROR = 2;

    /** {@code png_image} (png.h), laid out by hand; see the class note for the checked offsets. */
    public static final StructLayout PNG_IMAGE = MemoryLayout.structLayout(
            ADDRESS.withName("opaque"),
            JAVA_INT.withName("version"),
            JAVA_INT.withName("width"),
            JAVA_INT.withName("height"),
            JAVA_INT.withName("format"),
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("colormap_entries"),
            JAVA_INT.withName("warning_or_error"),
            MemoryLayout.sequenceLayout(64, ValueLayout.JAVA_BYTE).withName("message"),
            MemoryLayout.paddingLayout(4));

    public static final long OPAQUE = PNG_IMAGE.byteOffset(MemoryLayout.PathElement.groupElement("opaque"));
    public static final long VERSION = PNG_IMAGE.byteOffset(MemoryLayout.PathElement.groupElement("version"));
    public static final long WIDTH = PNG_IMAGE.byteOffset(MemoryLayout.PathElement.groupElement("width"));
    public static final long HEIGHT = PNG_IMAGE.byteOffset(MemoryLayout.PathElement.groupElement("height"));
    public static final long FORMAT = PNG_IMAGE.byteOffset(MemoryLayout.PathElement.groupElement("format"));
    public static final long FLAGS = PNG_IMAGE.byteOffset(MemoryLayout.PathElement.groupElement("flags"));
    public static final long WARNING_OR_ERROR =
            PNG_IMAGE.byteOffset(MemoryLayout.PathElement.groupElement("warning_or_error"));
    public static final long MESSAGE = PNG_IMAGE.byteOffset(MemoryLayout.PathElement.groupElement("message"));

    private static final NativeLibrary LIB = NativeLibrary.open(SONAME);

    /** int png_image_begin_read_from_memory(png_imagep, png_const_voidp memory, size_t size) */
    private static final MethodHandle BEGIN_READ_FROM_MEMORY = LIB.downcall("png_image_begin_read_from_memory",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
    /** int png_image_finish_read(png_imagep, png_const_colorp background, void* buffer, png_int_32 row_stride,
     *  void* colormap) */
    private static final MethodHandle FINISH_READ = LIB.downcall("png_image_finish_read",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
    /** void png_image_free(png_imagep) */
    private static final MethodHandle FREE = LIB.downcall("png_image_free", FunctionDescriptor.ofVoid(ADDRESS));
    /** int png_image_write_to_memory(png_imagep, void* memory, png_alloc_size_t* memory_bytes,
     *  int convert_to_8_bit, const void* buffer, png_int_32 row_stride, const void* colormap) */
    private static final MethodHandle WRITE_TO_MEMORY = LIB.downcall("png_image_write_to_memory",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
    /** png_uint_32 png_access_version_number(void), e.g. 10639 for 1.6.39 */
    private static final MethodHandle ACCESS_VERSION_NUMBER =
            LIB.downcall("png_access_version_number", FunctionDescriptor.of(JAVA_INT));

    private static final Binding<LibPng> BINDING = bind();

    private final String version;

    private LibPng(String version) {
        this.version = version;
    }

    /** The binding, or why libpng cannot be used. Loaded once per JVM. */
    public static Binding<LibPng> load() {
        return BINDING;
    }

    private static Binding<LibPng> bind() {
        var reason = LIB.unavailableReason();
        if (reason.isPresent()) {
            return new Binding.Unavailable<>(reason.get());
        }
        try {
            int n = (int) ACCESS_VERSION_NUMBER.invokeExact();
            String version = "libpng " + (n / 10000) + "." + (n / 100 % 100) + "." + (n % 100);
            return new Binding.Available<>(new LibPng(version));
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    /** The library version for the startup log, from {@code png_access_version_number}: {@code "libpng 1.6.39"}. */
    public String version() {
        return version;
    }

    /** {@code png_image_begin_read_from_memory}: nonzero on success. */
    public int beginReadFromMemory(MemorySegment image, MemorySegment png, long size) {
        try {
            return (int) BEGIN_READ_FROM_MEMORY.invokeExact(image, png, size);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    /** {@code png_image_finish_read} with no background and no colormap: nonzero on success. */
    public int finishRead(MemorySegment image, MemorySegment buffer, int rowStride) {
        try {
            return (int) FINISH_READ.invokeExact(image, MemorySegment.NULL, buffer, rowStride, MemorySegment.NULL);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    /** {@code png_image_free}: releases what libpng holds in {@code opaque}; safe to call at any time. */
    public void free(MemorySegment image) {
        try {
            FREE.invokeExact(image);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    /**
     * {@code png_image_write_to_memory} of 8-bit data with no colormap: nonzero on success; {@code memoryBytes}
     * (a {@code png_alloc_size_t*}) holds the capacity in and the written (or needed) size out.
     */
    public int writeToMemory(MemorySegment image, MemorySegment memory, MemorySegment memoryBytes,
                             MemorySegment buffer, int rowStride) {
        try {
            return (int) WRITE_TO_MEMORY.invokeExact(image, memory, memoryBytes, 0, buffer, rowStride,
                    MemorySegment.NULL);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    /** The {@code message} of a {@code png_image} (a NUL-terminated string of at most 64 bytes). */
    public static String message(MemorySegment image) {
        return image.asSlice(MESSAGE, 64).getString(0);
    }
}
