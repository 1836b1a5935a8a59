package dev.thumbd.resizer.codec.avif;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.thumbd.resizer.codec.Binding;
import dev.thumbd.resizer.codec.NativeLibrary;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * FFM binding of libavif 0.11 ({@code libavif.so.15}, Debian {@code libavif15}). Every entry point returns an
 * {@code avifResult} or a pointer; none aborts on bad input.
 *
 * <p>Struct offsets are pinned to the 0.11 ABI, read from {@code avif/avif.h} of Debian's libavif-dev 0.11.1 and
 * checked with a C {@code offsetof} program: {@code avifImage} width@0 height@4 depth@8 yuvFormat@12
 * alphaPlane@64; {@code avifRGBImage} (56 bytes) width@0 height@4 depth@8 format@12 pixels@40 rowBytes@48;
 * {@code avifEncoder} maxThreads@4 speed@8 minQuantizer@24 maxQuantizer@28 minQuantizerAlpha@32
 * maxQuantizerAlpha@36; {@code avifDecoder} maxThreads@4 imageSizeLimit@28; {@code avifRWData} (16 bytes)
 * data@0 size@8. {@link #load()} refuses any other major.minor version, because those layouts changed in 1.0
 * (which also added {@code avifEncoder.quality}).
 */
public final class LibAvif {

    /** Soname of libavif 0.11. */
    public static final String SONAME = "libavif.so.15";
    /** The ABI these offsets belong to. */
    public static final String ABI = "0.11.";

    static final long IMAGE_WIDTH = 0;
    static final long IMAGE_HEIGHT = 4;
    static final long IMAGE_ALPHA_PLANE = 64;
    static final long RGB_SIZE = 56;
    static final long RGB_DEPTH = 8;
    static final long RGB_FORMAT = 12;
    static final long RGB_PIXELS = 40;
    static final long RGB_ROW_BYTES = 48;
    static final long ENC_MAX_THREADS = 4;
    static final long ENC_SPEED = 8;
    static final long ENC_MIN_Q = 24;
    static final long ENC_MAX_Q = 28;
    static final long ENC_MIN_Q_ALPHA = 32;
    static final long ENC_MAX_Q_ALPHA = 36;
    static final long DEC_MAX_THREADS = 4;
    static final long DEC_IMAGE_SIZE_LIMIT = 28;
    static final long RWDATA_SIZE = 16;

    /** avifRGBFormat (avif.h). */
    static final int RGB_FORMAT_RGB = 0;
    static final int RGB_FORMAT_RGBA = 1;
    /** avifPixelFormat (avif.h). */
    static final int PIXEL_FORMAT_YUV444 = 1;
    static final int PIXEL_FORMAT_YUV420 = 3;

    private static final NativeLibrary LIB = NativeLibrary.open(SONAME);

    private static final MethodHandle VERSION = LIB.downcall("avifVersion", FunctionDescriptor.of(ADDRESS));
    private static final MethodHandle RESULT_TO_STRING =
            LIB.downcall("avifResultToString", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    private static final MethodHandle IMAGE_CREATE = LIB.downcall("avifImageCreate",
            FunctionDescriptor.of(ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle IMAGE_CREATE_EMPTY =
            LIB.downcall("avifImageCreateEmpty", FunctionDescriptor.of(ADDRESS));
    private static final MethodHandle IMAGE_DESTROY =
            LIB.downcall("avifImageDestroy", FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle RGB_SET_DEFAULTS =
            LIB.downcall("avifRGBImageSetDefaults", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
    private static final MethodHandle RGB_TO_YUV =
            LIB.downcall("avifImageRGBToYUV", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle YUV_TO_RGB =
            LIB.downcall("avifImageYUVToRGB", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle ENCODER_CREATE =
            LIB.downcall("avifEncoderCreate", FunctionDescriptor.of(ADDRESS));
    private static final MethodHandle ENCODER_WRITE =
            LIB.downcall("avifEncoderWrite", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle ENCODER_DESTROY =
            LIB.downcall("avifEncoderDestroy", FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle DECODER_CREATE =
            LIB.downcall("avifDecoderCreate", FunctionDescriptor.of(ADDRESS));
    private static final MethodHandle DECODER_READ_MEMORY = LIB.downcall("avifDecoderReadMemory",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
    private static final MethodHandle DECODER_DESTROY =
            LIB.downcall("avifDecoderDestroy", FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle RWDATA_FREE =
            LIB.downcall("avifRWDataFree", FunctionDescriptor.ofVoid(ADDRESS));

    private static final Binding<LibAvif> BINDING = bind();

    private final String version;

    private LibAvif(String version) {
        this.version = version;
    }

    /** The binding, or why libavif cannot be used (missing, or not the 0.11 ABI). */
    public static Binding<LibAvif> load() {
        return BINDING;
    }

    private static Binding<LibAvif> bind() {
        var reason = LIB.unavailableReason();
        if (reason.isPresent()) {
            return new Binding.Unavailable<>(reason.get());
        }
        try {
            String v = ((MemorySegment) VERSION.invokeExact()).reinterpret(64).getString(0);
            if (!v.startsWith(ABI)) {
                return new Binding.Unavailable<>("libavif " + v + " found, but thumbd's layouts are for " + ABI + "x");
            }
            return new Binding.Available<>(new LibAvif("libavif " + v));
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    public String version() {
        return version;
    }

    String resultToString(int result) {
        try {
            return ((MemorySegment) RESULT_TO_STRING.invokeExact(result)).reinterpret(256).getString(0);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    MemorySegment imageCreate(int width, int height, int depth, int yuvFormat) {
        try {
            return ((MemorySegment) IMAGE_CREATE.invokeExact(width, height, depth, yuvFormat)).reinterpret(192);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    MemorySegment imageCreateEmpty() {
        try {
            return ((MemorySegment) IMAGE_CREATE_EMPTY.invokeExact()).reinterpret(192);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    void imageDestroy(MemorySegment image) {
        try {
            IMAGE_DESTROY.invokeExact(image);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    void rgbSetDefaults(MemorySegment rgb, MemorySegment image) {
        try {
            RGB_SET_DEFAULTS.invokeExact(rgb, image);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    int rgbToYuv(MemorySegment image, MemorySegment rgb) {
        try {
            return (int) RGB_TO_YUV.invokeExact(image, rgb);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    int yuvToRgb(MemorySegment image, MemorySegment rgb) {
        try {
            return (int) YUV_TO_RGB.invokeExact(image, rgb);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    MemorySegment encoderCreate() {
        try {
            return ((MemorySegment) ENCODER_CREATE.invokeExact()).reinterpret(64);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    int encoderWrite(MemorySegment encoder, MemorySegment image, MemorySegment output) {
        try {
            return (int) ENCODER_WRITE.invokeExact(encoder, image, output);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    void encoderDestroy(MemorySegment encoder) {
        try {
            ENCODER_DESTROY.invokeExact(encoder);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    MemorySegment decoderCreate() {
        try {
            return ((MemorySegment) DECODER_CREATE.invokeExact()).reinterpret(64);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    int decoderReadMemory(MemorySegment decoder, MemorySegment image, MemorySegment data, long size) {
        try {
            return (int) DECODER_READ_MEMORY.invokeExact(decoder, image, data, size);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    void decoderDestroy(MemorySegment decoder) {
        try {
            DECODER_DESTROY.invokeExact(decoder);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    void rwDataFree(MemorySegment rwData) {
        try {
            RWDATA_FREE.invokeExact(rwData);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }
}
