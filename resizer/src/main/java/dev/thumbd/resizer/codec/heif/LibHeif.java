package dev.thumbd.resizer.codec.heif;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.thumbd.resizer.codec.Binding;
import dev.thumbd.resizer.codec.NativeLibrary;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

/**
 * FFM binding of libheif 1.x ({@code libheif.so.1}, Debian {@code libheif1} 1.15.1, HEVC decoded by libde265). Every
 * entry point returns a {@code struct heif_error} by value or a pointer; none aborts on bad input.
 *
 * <p>Layouts, from {@code libheif/heif.h} of Debian's libheif-dev 1.15.1: {@code struct heif_error} is
 * {code@0 (int), subcode@4 (int), message@8 (const char*, never NULL)}, 16 bytes, returned by value;
 * {@code struct heif_decoding_options} (allocated by the library with its defaults, so only the fields set here
 * matter) has version@0, ignore_transformations@1 (uint8), then four pointers from 8, convert_hdr_to_8bit@40,
 * strict_decoding@41 (uint8, options version 3 and later). {@link #load()} refuses a library older than 1.15 or of
 * another major version.
 */
public final class LibHeif {

    /** Soname of libheif 1.x. */
    public static final String SONAME = "libheif.so.1";

    static final StructLayout ERROR = MemoryLayout.structLayout(JAVA_INT.withName("code"),
            JAVA_INT.withName("subcode"), ADDRESS.withName("message"));
    static final long ERROR_MESSAGE = 8;
    static final long OPT_VERSION = 0;
    static final long OPT_IGNORE_TRANSFORMATIONS = 1;
    static final long OPT_CONVERT_HDR_TO_8BIT = 40;
    static final long OPT_STRICT_DECODING = 41;

    /** enum heif_colorspace / heif_chroma / heif_channel (heif.h). */
    static final int COLORSPACE_RGB = 1;
    static final int CHROMA_INTERLEAVED_RGB = 10;
    static final int CHROMA_INTERLEAVED_RGBA = 11;
    static final int CHANNEL_INTERLEAVED = 10;

    private static final NativeLibrary LIB = NativeLibrary.open(SONAME);

    private static final MethodHandle VERSION_NUMBER =
            LIB.downcall("heif_get_version_number", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle VERSION = LIB.downcall("heif_get_version", FunctionDescriptor.of(ADDRESS));
    private static final MethodHandle CONTEXT_ALLOC =
            LIB.downcall("heif_context_alloc", FunctionDescriptor.of(ADDRESS));
    private static final MethodHandle CONTEXT_FREE =
            LIB.downcall("heif_context_free", FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle SET_MAX_THREADS = LIB.downcall("heif_context_set_max_decoding_threads",
            FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT));
    private static final MethodHandle READ_FROM_MEMORY = LIB.downcall("heif_context_read_from_memory_without_copy",
            FunctionDescriptor.of(ERROR, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    private static final MethodHandle PRIMARY_HANDLE = LIB.downcall("heif_context_get_primary_image_handle",
            FunctionDescriptor.of(ERROR, ADDRESS, ADDRESS));
    private static final MethodHandle HANDLE_WIDTH =
            LIB.downcall("heif_image_handle_get_width", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle HANDLE_HEIGHT =
            LIB.downcall("heif_image_handle_get_height", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle HANDLE_HAS_ALPHA =
            LIB.downcall("heif_image_handle_has_alpha_channel", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle HANDLE_PREMULTIPLIED =
            LIB.downcall("heif_image_handle_is_premultiplied_alpha", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle HANDLE_RELEASE =
            LIB.downcall("heif_image_handle_release", FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle OPTIONS_ALLOC =
            LIB.downcall("heif_decoding_options_alloc", FunctionDescriptor.of(ADDRESS));
    private static final MethodHandle OPTIONS_FREE =
            LIB.downcall("heif_decoding_options_free", FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle DECODE_IMAGE = LIB.downcall("heif_decode_image",
            FunctionDescriptor.of(ERROR, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle IMAGE_WIDTH =
            LIB.downcall("heif_image_get_width", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle IMAGE_HEIGHT =
            LIB.downcall("heif_image_get_height", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle PLANE = LIB.downcall("heif_image_get_plane_readonly",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
    private static final MethodHandle IMAGE_RELEASE =
            LIB.downcall("heif_image_release", FunctionDescriptor.ofVoid(ADDRESS));

    private static final Binding<LibHeif> BINDING = bind();

    private final String version;

    private LibHeif(String version) {
        this.version = version;
    }

    /** The binding, or why libheif cannot be used (missing, a symbol missing, or older than 1.15). */
    public static Binding<LibHeif> load() {
        return BINDING;
    }

    private static Binding<LibHeif> bind() {
        var reason = LIB.unavailableReason();
        if (reason.isPresent()) {
            return new Binding.Unavailable<>(reason.get());
        }
        try {
            int number = (int) VERSION_NUMBER.invokeExact();
            String v = ((MemorySegment) VERSION.invokeExact()).reinterpret(64).getString(0);
            if (number >>> 24 != 1 || ((number >>> 16) & 0xFF) < 15) {
                return new Binding.Unavailable<>("libheif " + v + " found, but thumbd needs 1.15 or later 1.x");
            }
            return new Binding.Available<>(new LibHeif("libheif " + v));
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    public String version() {
        return version;
    }

    MemorySegment contextAlloc() {
        try {
            return (MemorySegment) CONTEXT_ALLOC.invokeExact();
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    void contextFree(MemorySegment context) {
        try {
            CONTEXT_FREE.invokeExact(context);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    void setMaxDecodingThreads(MemorySegment context, int threads) {
        try {
            SET_MAX_THREADS.invokeExact(context, threads);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    /** {@code heif_context_read_from_memory_without_copy}: {@code data} must outlive the context. */
    MemorySegment readFromMemory(SegmentAllocator errors, MemorySegment context, MemorySegment data, long size) {
        try {
            return (MemorySegment) READ_FROM_MEMORY.invokeExact(errors, context, data, size, MemorySegment.NULL);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    MemorySegment primaryHandle(SegmentAllocator errors, MemorySegment context, MemorySegment handleOut) {
        try {
            return (MemorySegment) PRIMARY_HANDLE.invokeExact(errors, context, handleOut);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    int handleWidth(MemorySegment handle) {
        try {
            return (int) HANDLE_WIDTH.invokeExact(handle);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    int handleHeight(MemorySegment handle) {
        try {
            return (int) HANDLE_HEIGHT.invokeExact(handle);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    boolean handleHasAlpha(MemorySegment handle) {
        try {
            return (int) HANDLE_HAS_ALPHA.invokeExact(handle) != 0;
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    boolean handlePremultiplied(MemorySegment handle) {
        try {
            return (int) HANDLE_PREMULTIPLIED.invokeExact(handle) != 0;
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    void handleRelease(MemorySegment handle) {
        try {
            HANDLE_RELEASE.invokeExact(handle);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    MemorySegment optionsAlloc() {
        try {
            return ((MemorySegment) OPTIONS_ALLOC.invokeExact()).reinterpret(64);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    void optionsFree(MemorySegment options) {
        try {
            OPTIONS_FREE.invokeExact(options);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    MemorySegment decodeImage(SegmentAllocator errors, MemorySegment handle, MemorySegment imageOut, int colorspace,
            int chroma, MemorySegment options) {
        try {
            return (MemorySegment) DECODE_IMAGE.invokeExact(errors, handle, imageOut, colorspace, chroma, options);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    int imageWidth(MemorySegment image, int channel) {
        try {
            return (int) IMAGE_WIDTH.invokeExact(image, channel);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    int imageHeight(MemorySegment image, int channel) {
        try {
            return (int) IMAGE_HEIGHT.invokeExact(image, channel);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    MemorySegment plane(MemorySegment image, int channel, MemorySegment strideOut) {
        try {
            return (MemorySegment) PLANE.invokeExact(image, channel, strideOut);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    void imageRelease(MemorySegment image) {
        try {
            IMAGE_RELEASE.invokeExact(image);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }
}
