package dev.thumbd.resizer.codec.jpeg;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.thumbd.resizer.codec.Binding;
import dev.thumbd.resizer.codec.NativeLibrary;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * The TurboJPEG API of libjpeg-turbo ({@code libturbojpeg.so.0}) over FFM.
 *
 * <p>Design note: only the TurboJPEG entry points are bound. They report failure through a return code and
 * {@code tjGetErrorStr2}, whereas libjpeg's classic API reports it by {@code longjmp} or {@code exit()}, which would
 * tear through the JVM's frames or kill it. Signatures and constants are those of {@code /usr/include/turbojpeg.h}
 * from libjpeg-turbo 2.1.5 (Debian {@code libturbojpeg0-dev}); {@code unsigned long} is 64 bits on LP64 Linux, so it
 * maps to {@code JAVA_LONG}, and {@code tjhandle} is a {@code void*}.
 *
 * <p>Handles are not thread-safe: a caller owns a handle from {@code tjInit*} to {@code tjDestroy}.
 */
public final class TurboJpeg {

    /** Soname of the TurboJPEG library (Debian {@code libturbojpeg0}). */
    public static final String SONAME = "libturbojpeg.so.0";

    // enum TJPF (turbojpeg.h): packed pixel formats.
    public static final int TJPF_RGB = 0;
    public static final int TJPF_RGBX = 2;
    public static final int TJPF_GRAY = 6;
    public static final int TJPF_CMYK = 11;

    // enum TJSAMP (turbojpeg.h): chroma subsampling.
    public static final int TJSAMP_444 = 0;
    public static final int TJSAMP_420 = 2;
    public static final int TJSAMP_GRAY = 3;

    // enum TJCS (turbojpeg.h): JPEG colourspaces.
    public static final int TJCS_RGB = 0;
    public static final int TJCS_YCBCR = 1;
    public static final int TJCS_GRAY = 2;
    public static final int TJCS_CMYK = 3;
    public static final int TJCS_YCCK = 4;

    // TJFLAG_* (turbojpeg.h).
    public static final int TJFLAG_NOREALLOC = 1024;
    /**
     * Accurate (islow) DCT. TurboJPEG compresses with the fast DCT unless told otherwise, which costs visible
     * quality on fine texture at thumbnail sizes (about 0.016 SSIM on the corpus photo j4 at q80, see
     * docs/BENCHMARKS.md); libjpeg, libvips and sharp use the accurate one.
     */
    public static final int TJFLAG_ACCURATEDCT = 4096;
    public static final int TJFLAG_STOPONWARNING = 8192;
    public static final int TJFLAG_PROGRESSIVE = 16384;
    public static final int TJFLAG_LIMITSCANS = 32768;

    // enum TJERR (turbojpeg.h).
    public static final int TJERR_WARNING = 0;
    public static final int TJERR_FATAL = 1;

    private static final NativeLibrary LIB = NativeLibrary.open(SONAME);

    private static final MethodHandle TJ_INIT_DECOMPRESS =
            LIB.downcall("tjInitDecompress", FunctionDescriptor.of(ADDRESS));
    private static final MethodHandle TJ_INIT_COMPRESS =
            LIB.downcall("tjInitCompress", FunctionDescriptor.of(ADDRESS));
    /** int tjDecompressHeader3(tjhandle, const unsigned char*, unsigned long, int* w, int* h, int* subsamp, int* cs) */
    private static final MethodHandle TJ_DECOMPRESS_HEADER3 = LIB.downcall("tjDecompressHeader3",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    /** int tjDecompress2(tjhandle, const unsigned char*, unsigned long, unsigned char*, int w, int pitch, int h,
     *  int pixelFormat, int flags) */
    private static final MethodHandle TJ_DECOMPRESS2 = LIB.downcall("tjDecompress2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS,
                    JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    /** int tjCompress2(tjhandle, const unsigned char*, int w, int pitch, int h, int pixelFormat,
     *  unsigned char** jpegBuf, unsigned long* jpegSize, int subsamp, int quality, int flags) */
    private static final MethodHandle TJ_COMPRESS2 = LIB.downcall("tjCompress2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                    ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT));
    /** unsigned long tjBufSize(int width, int height, int jpegSubsamp) */
    private static final MethodHandle TJ_BUF_SIZE =
            LIB.downcall("tjBufSize", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT));
    /** tjscalingfactor* tjGetScalingFactors(int* numScalingFactors); tjscalingfactor is {int num; int denom;} */
    private static final MethodHandle TJ_GET_SCALING_FACTORS =
            LIB.downcall("tjGetScalingFactors", FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle TJ_GET_ERROR_STR2 =
            LIB.downcall("tjGetErrorStr2", FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle TJ_GET_ERROR_CODE =
            LIB.downcall("tjGetErrorCode", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle TJ_DESTROY =
            LIB.downcall("tjDestroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    private static final Binding<TurboJpeg> BINDING = bind();

    private final List<ScalingFactor> scalingFactors;
    private final String version;

    private TurboJpeg(List<ScalingFactor> scalingFactors, String version) {
        this.scalingFactors = List.copyOf(scalingFactors);
        this.version = version;
    }

    /** The binding, or why libturbojpeg cannot be used. Loaded once per JVM. */
    public static Binding<TurboJpeg> load() {
        return BINDING;
    }

    private static Binding<TurboJpeg> bind() {
        var reason = LIB.unavailableReason();
        if (reason.isPresent()) {
            return new Binding.Unavailable<>(reason.get());
        }
        return new Binding.Available<>(new TurboJpeg(readScalingFactors(), describeVersion()));
    }

    /**
     * TurboJPEG 2.x has no version function (libjpeg-turbo 3.0 added {@code tj3Get(TJPARAM_...)} but still no
     * version string), so the version is reported honestly as what can be observed: the file the soname resolved
     * to, whose suffix is the library's ABI revision ({@code libturbojpeg.so.0.2.0} for libjpeg-turbo 2.x,
     * {@code .0.3.0} for 3.x), and the API level, from the presence of the {@code tj3Init} symbol (3.x API).
     */
    private static String describeVersion() {
        String api = LIB.has("tj3Init") ? "TurboJPEG API 3" : "TurboJPEG API 2";
        return LIB.resolvedFileName() + ", " + api;
    }

    private static List<ScalingFactor> readScalingFactors() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment count = arena.allocate(JAVA_INT);
            MemorySegment array = (MemorySegment) TJ_GET_SCALING_FACTORS.invokeExact(count);
            int n = count.get(JAVA_INT, 0);
            if (array.equals(MemorySegment.NULL) || n <= 0) {
                throw new IllegalStateException("tjGetScalingFactors returned no factors");
            }
            MemorySegment factors = array.reinterpret(8L * n);
            List<ScalingFactor> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(new ScalingFactor(factors.get(JAVA_INT, 8L * i), factors.get(JAVA_INT, 8L * i + 4)));
            }
            return list;
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    /** What produced this binding, for the startup log: {@code "libturbojpeg.so.0.2.0, TurboJPEG API 2"}. */
    public String version() {
        return version;
    }

    /** The DCT scaling factors the decompressor supports ({@code tjGetScalingFactors}). */
    public List<ScalingFactor> scalingFactors() {
        return scalingFactors;
    }

    /** A new decompressor handle; destroy it with {@link #destroy}. */
    public MemorySegment initDecompress() {
        try {
            return checkHandle((MemorySegment) TJ_INIT_DECOMPRESS.invokeExact(), "tjInitDecompress");
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    /** A new compressor handle; destroy it with {@link #destroy}. */
    public MemorySegment initCompress() {
        try {
            return checkHandle((MemorySegment) TJ_INIT_COMPRESS.invokeExact(), "tjInitCompress");
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    private static MemorySegment checkHandle(MemorySegment handle, String function) {
        if (handle.equals(MemorySegment.NULL)) {
            throw new IllegalStateException(function + " failed (out of memory)");
        }
        return handle;
    }

    /** {@code tjDestroy}; a null handle is ignored. */
    public void destroy(MemorySegment handle) {
        if (handle.equals(MemorySegment.NULL)) {
            return;
        }
        try {
            int rc = (int) TJ_DESTROY.invokeExact(handle);
            if (rc != 0) {
                throw new IllegalStateException("tjDestroy failed: " + errorMessage(MemorySegment.NULL));
            }
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    /**
     * {@code tjDecompressHeader3}: writes width, height, subsampling and colourspace as four ints at
     * {@code out[0..16)}. Returns 0 or -1.
     */
    public int decompressHeader(MemorySegment handle, MemorySegment jpeg, long jpegSize, MemorySegment out) {
        try {
            return (int) TJ_DECOMPRESS_HEADER3.invokeExact(handle, jpeg, jpegSize,
                    out, out.asSlice(4), out.asSlice(8), out.asSlice(12));
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    /** {@code tjDecompress2}. Returns 0 or -1 (see {@link #errorCode} for warning versus fatal). */
    public int decompress(MemorySegment handle, MemorySegment jpeg, long jpegSize, MemorySegment dst,
                          int width, int pitch, int height, int pixelFormat, int flags) {
        try {
            return (int) TJ_DECOMPRESS2.invokeExact(handle, jpeg, jpegSize, dst,
                    width, pitch, height, pixelFormat, flags);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    /**
     * {@code tjCompress2}. {@code jpegBufPtr} is an {@code unsigned char**} and {@code jpegSizePtr} an
     * {@code unsigned long*}, both in and out. Returns 0 or -1.
     */
    public int compress(MemorySegment handle, MemorySegment src, int width, int pitch, int height, int pixelFormat,
                        MemorySegment jpegBufPtr, MemorySegment jpegSizePtr, int subsamp, int quality, int flags) {
        try {
            return (int) TJ_COMPRESS2.invokeExact(handle, src, width, pitch, height, pixelFormat,
                    jpegBufPtr, jpegSizePtr, subsamp, quality, flags);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    /** {@code tjBufSize}: the worst-case JPEG size for an image, or -1 if the arguments are out of range. */
    public long bufSize(int width, int height, int subsamp) {
        try {
            return (long) TJ_BUF_SIZE.invokeExact(width, height, subsamp);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    /** {@code tjGetErrorStr2}: the last error of {@code handle} (or of the global functions for NULL). */
    public String errorMessage(MemorySegment handle) {
        try {
            MemorySegment text = (MemorySegment) TJ_GET_ERROR_STR2.invokeExact(handle);
            return text.equals(MemorySegment.NULL) ? "(no message)" : text.reinterpret(1024).getString(0);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    /** {@code tjGetErrorCode}: {@link #TJERR_WARNING} or {@link #TJERR_FATAL} for the last error of the handle. */
    public int errorCode(MemorySegment handle) {
        try {
            return (int) TJ_GET_ERROR_CODE.invokeExact(handle);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    /**
     * A DCT scaling factor {@code num/denom}.
     *
     * @param num   numerator
     * @param denom denominator
     */
    public record ScalingFactor(int num, int denom) {

        /** {@code TJSCALED} (turbojpeg.h): {@code ceil(dimension * num / denom)} in integers. */
        public int scale(int dimension) {
            return (int) (((long) dimension * num + denom - 1) / denom);
        }
    }
}
