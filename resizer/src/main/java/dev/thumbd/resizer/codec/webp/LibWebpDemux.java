package dev.thumbd.resizer.codec.webp;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.thumbd.resizer.codec.Binding;
import dev.thumbd.resizer.codec.NativeLibrary;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * FFM binding of libwebpdemux's animation decoder ({@code libwebpdemux.so.2}, Debian {@code libwebpdemux2}):
 * {@code WebPAnimDecoder}, which composites every frame (offsets, blending, disposal) onto a full canvas. Signatures
 * from {@code webp/demux.h}. Every entry point reports failure by its return value (0 or NULL).
 */
public final class LibWebpDemux {

    /** Soname of libwebpdemux 1.x. */
    public static final String SONAME = "libwebpdemux.so.2";

    private static final NativeLibrary LIB = NativeLibrary.open(SONAME);

    /** int WebPGetDemuxVersion(void) */
    private static final MethodHandle VERSION = LIB.downcall("WebPGetDemuxVersion", FunctionDescriptor.of(JAVA_INT));
    /** int WebPAnimDecoderOptionsInitInternal(WebPAnimDecoderOptions*, int abi) */
    private static final MethodHandle OPTIONS_INIT = LIB.downcall("WebPAnimDecoderOptionsInitInternal",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    /** WebPAnimDecoder* WebPAnimDecoderNewInternal(const WebPData*, const WebPAnimDecoderOptions*, int abi) */
    private static final MethodHandle NEW = LIB.downcall("WebPAnimDecoderNewInternal",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_INT));
    /** int WebPAnimDecoderGetInfo(const WebPAnimDecoder*, WebPAnimInfo*) */
    private static final MethodHandle GET_INFO = LIB.downcall("WebPAnimDecoderGetInfo",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    /** int WebPAnimDecoderGetNext(WebPAnimDecoder*, uint8_t** buf, int* timestamp) */
    private static final MethodHandle GET_NEXT = LIB.downcall("WebPAnimDecoderGetNext",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    /** void WebPAnimDecoderDelete(WebPAnimDecoder*) */
    private static final MethodHandle DELETE =
            LIB.downcall("WebPAnimDecoderDelete", FunctionDescriptor.ofVoid(ADDRESS));

    /**
     * {@code WEBP_DEMUX_ABI_VERSION} of libwebp 1.2 (demux.h) and its layouts, checked with a C {@code offsetof}
     * program against Debian's libwebp-dev 1.2.4: {@code WebPAnimDecoderOptions} sizeof 36 (color_mode@0,
     * use_threads@4); {@code WebPAnimInfo} sizeof 36 (canvas_width@0, canvas_height@4, loop_count@8, bgcolor@12,
     * frame_count@16); {@code WebPData} sizeof 16 (bytes@0, size@8). MODE_RGBA = 1.
     */
    static final int DEMUX_ABI = 0x0107;
    public static final long OPTIONS_SIZE = 36;
    public static final long INFO_SIZE = 36;
    public static final long DATA_SIZE = 16;
    static final int MODE_RGBA = 1;

    private static final Binding<LibWebpDemux> BINDING = bind();

    private final String version;

    private LibWebpDemux(String version) {
        this.version = version;
    }

    /** The binding, or why libwebpdemux cannot be used. Loaded once per JVM. */
    public static Binding<LibWebpDemux> load() {
        return BINDING;
    }

    private static Binding<LibWebpDemux> bind() {
        var reason = LIB.unavailableReason();
        if (reason.isPresent()) {
            return new Binding.Unavailable<>(reason.get());
        }
        try {
            int v = (int) VERSION.invokeExact();
            return new Binding.Available<>(new LibWebpDemux(
                    "libwebpdemux " + (v >> 16) + "." + ((v >> 8) & 0xFF) + "." + (v & 0xFF)));
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    /** {@code "libwebpdemux 1.2.4"}. */
    public String version() {
        return version;
    }

    /**
     * A decoder of the animation in {@code webpData} (a {@code WebPData} pointing at the file, which must stay alive
     * and unchanged until {@link #delete}) producing straight RGBA canvases; NULL when the file is refused.
     */
    public MemorySegment newDecoder(MemorySegment webpData, MemorySegment options) {
        try {
            if ((int) OPTIONS_INIT.invokeExact(options, DEMUX_ABI) == 0) {
                return MemorySegment.NULL;
            }
            options.set(JAVA_INT, 0, MODE_RGBA);
            options.set(JAVA_INT, 4, 0);
            return (MemorySegment) NEW.invokeExact(webpData, options, DEMUX_ABI);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    /** {@code WebPAnimDecoderGetInfo}: nonzero on success. */
    public int info(MemorySegment decoder, MemorySegment info) {
        try {
            return (int) GET_INFO.invokeExact(decoder, info);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    /**
     * {@code WebPAnimDecoderGetNext}: nonzero on success; {@code *buffer} then points at the decoder's canvas (valid
     * until the next call) and {@code *timestamp} is the frame's end time in milliseconds.
     */
    public int next(MemorySegment decoder, MemorySegment buffer, MemorySegment timestamp) {
        try {
            return (int) GET_NEXT.invokeExact(decoder, buffer, timestamp);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    /** {@code WebPAnimDecoderDelete}. */
    public void delete(MemorySegment decoder) {
        try {
            DELETE.invokeExact(decoder);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }
}
