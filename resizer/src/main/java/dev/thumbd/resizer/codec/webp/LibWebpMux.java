package dev.thumbd.resizer.codec.webp;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.thumbd.resizer.codec.Binding;
import dev.thumbd.resizer.codec.NativeLibrary;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * FFM binding of libwebpmux's animation encoder ({@code libwebpmux.so.3}, Debian {@code libwebpmux3}):
 * {@code WebPAnimEncoder}, which takes full canvases with timestamps and writes an animated WebP (choosing sub-frame
 * rectangles, blending and key frames itself). Signatures from {@code webp/mux.h}. Every entry point reports failure
 * by its return value (0 or NULL); {@link #error} says why.
 */
public final class LibWebpMux {

    /** Soname of libwebpmux 1.x. */
    public static final String SONAME = "libwebpmux.so.3";

    private static final NativeLibrary LIB = NativeLibrary.open(SONAME);

    /** int WebPGetMuxVersion(void) */
    private static final MethodHandle VERSION = LIB.downcall("WebPGetMuxVersion", FunctionDescriptor.of(JAVA_INT));
    /** int WebPAnimEncoderOptionsInitInternal(WebPAnimEncoderOptions*, int abi) */
    private static final MethodHandle OPTIONS_INIT = LIB.downcall("WebPAnimEncoderOptionsInitInternal",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    /** WebPAnimEncoder* WebPAnimEncoderNewInternal(int width, int height, const WebPAnimEncoderOptions*, int abi) */
    private static final MethodHandle NEW = LIB.downcall("WebPAnimEncoderNewInternal",
            FunctionDescriptor.of(ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    /** int WebPAnimEncoderAdd(WebPAnimEncoder*, WebPPicture* frame, int timestamp_ms, const WebPConfig*) */
    private static final MethodHandle ADD = LIB.downcall("WebPAnimEncoderAdd",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
    /** int WebPAnimEncoderAssemble(WebPAnimEncoder*, WebPData* webp_data) */
    private static final MethodHandle ASSEMBLE = LIB.downcall("WebPAnimEncoderAssemble",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    /** const char* WebPAnimEncoderGetError(WebPAnimEncoder*) */
    private static final MethodHandle GET_ERROR = LIB.downcall("WebPAnimEncoderGetError",
            FunctionDescriptor.of(ADDRESS, ADDRESS));
    /** void WebPAnimEncoderDelete(WebPAnimEncoder*) */
    private static final MethodHandle DELETE =
            LIB.downcall("WebPAnimEncoderDelete", FunctionDescriptor.ofVoid(ADDRESS));

    /**
     * {@code WEBP_MUX_ABI_VERSION} of libwebp 1.2 (mux.h) and its layouts, checked with a C {@code offsetof} program
     * against Debian's libwebp-dev 1.2.4: {@code WebPAnimEncoderOptions} sizeof 44 (anim_params.bgcolor@0,
     * anim_params.loop_count@4, minimize_size@8, kmin@12, kmax@16, allow_mixed@20).
     */
    static final int MUX_ABI = 0x0108;
    public static final long OPTIONS_SIZE = 44;

    private static final Binding<LibWebpMux> BINDING = bind();

    private final String version;

    private LibWebpMux(String version) {
        this.version = version;
    }

    /** The binding, or why libwebpmux cannot be used. Loaded once per JVM. */
    public static Binding<LibWebpMux> load() {
        return BINDING;
    }

    private static Binding<LibWebpMux> bind() {
        var reason = LIB.unavailableReason();
        if (reason.isPresent()) {
            return new Binding.Unavailable<>(reason.get());
        }
        try {
            int v = (int) VERSION.invokeExact();
            return new Binding.Available<>(new LibWebpMux(
                    "libwebpmux " + (v >> 16) + "." + ((v >> 8) & 0xFF) + "." + (v & 0xFF)));
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    /** {@code "libwebpmux 1.2.4"}. */
    public String version() {
        return version;
    }

    /**
     * An encoder of {@code width x height} canvases that loops {@code loopCount} times (0: forever), transparent
     * background, default key-frame distances; NULL on failure.
     */
    public MemorySegment newEncoder(int width, int height, int loopCount, MemorySegment options) {
        try {
            if ((int) OPTIONS_INIT.invokeExact(options, MUX_ABI) == 0) {
                return MemorySegment.NULL;
            }
            options.set(JAVA_INT, 0, 0);            // bgcolor: transparent
            options.set(JAVA_INT, 4, loopCount);
            return (MemorySegment) NEW.invokeExact(width, height, options, MUX_ABI);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    /** {@code WebPAnimEncoderAdd}: a frame shown from {@code timestampMs} (NULL picture and config: the end). */
    public int add(MemorySegment encoder, MemorySegment picture, int timestampMs, MemorySegment config) {
        try {
            return (int) ADD.invokeExact(encoder, picture, timestampMs, config);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    /** {@code WebPAnimEncoderAssemble}: nonzero on success; {@code webpData} then holds a buffer for WebPFree. */
    public int assemble(MemorySegment encoder, MemorySegment webpData) {
        try {
            return (int) ASSEMBLE.invokeExact(encoder, webpData);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    /** {@code WebPAnimEncoderGetError}: the last error, or "". */
    public String error(MemorySegment encoder) {
        try {
            MemorySegment s = (MemorySegment) GET_ERROR.invokeExact(encoder);
            return s.address() == 0 ? "" : s.reinterpret(1024).getString(0);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    /** {@code WebPAnimEncoderDelete}. */
    public void delete(MemorySegment encoder) {
        try {
            DELETE.invokeExact(encoder);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }
}
