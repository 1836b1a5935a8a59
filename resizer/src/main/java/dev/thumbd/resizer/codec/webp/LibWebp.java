package dev.thumbd.resizer.codec.webp;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.thumbd.resizer.codec.Binding;
import dev.thumbd.resizer.codec.NativeLibrary;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * FFM binding of libwebp's simple API ({@code libwebp.so.7}, Debian {@code libwebp7}): signatures from
 * {@code webp/decode.h}, {@code webp/encode.h} and {@code webp/types.h}. Every entry point reports failure by its
 * return value (0 or NULL); none can abort the process. Encoder output is allocated by libwebp and released with
 * {@code WebPFree}.
 */
public final class LibWebp {

    /** Soname of libwebp 1.x. */
    public static final String SONAME = "libwebp.so.7";

    private static final NativeLibrary LIB = NativeLibrary.open(SONAME);

    /** int WebPGetDecoderVersion(void): 0xMMmmpp */
    private static final MethodHandle DECODER_VERSION =
            LIB.downcall("WebPGetDecoderVersion", FunctionDescriptor.of(JAVA_INT));
    /** int WebPGetInfo(const uint8_t* data, size_t size, int* width, int* height) */
    private static final MethodHandle GET_INFO = LIB.downcall("WebPGetInfo",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS));
    /** uint8_t* WebPDecodeRGBInto(const uint8_t* data, size_t size, uint8_t* out, size_t out_size, int stride) */
    private static final MethodHandle DECODE_RGB_INTO = LIB.downcall("WebPDecodeRGBInto",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_INT));
    /** uint8_t* WebPDecodeRGBAInto(same) */
    private static final MethodHandle DECODE_RGBA_INTO = LIB.downcall("WebPDecodeRGBAInto",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_INT));
    /** size_t WebPEncodeRGB(const uint8_t* rgb, int w, int h, int stride, float quality, uint8_t** output) */
    private static final MethodHandle ENCODE_RGB = LIB.downcall("WebPEncodeRGB",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_FLOAT, ADDRESS));
    /** size_t WebPEncodeRGBA(same) */
    private static final MethodHandle ENCODE_RGBA = LIB.downcall("WebPEncodeRGBA",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_FLOAT, ADDRESS));
    /** int WebPInitDecoderConfigInternal(WebPDecoderConfig*, int abi) */
    private static final MethodHandle INIT_DECODER_CONFIG = LIB.downcall("WebPInitDecoderConfigInternal",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    /** VP8StatusCode WebPDecode(const uint8_t* data, size_t size, WebPDecoderConfig* config) */
    private static final MethodHandle DECODE = LIB.downcall("WebPDecode",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS));
    /** void WebPFreeDecBuffer(WebPDecBuffer* buffer) */
    private static final MethodHandle FREE_DEC_BUFFER =
            LIB.downcall("WebPFreeDecBuffer", FunctionDescriptor.ofVoid(ADDRESS));

    /**
     * {@code WEBP_DECODER_ABI_VERSION} of libwebp 1.2 (decode.h), and the {@code WebPDecoderConfig} layout of that
     * ABI, checked with a C {@code offsetof} program against Debian's libwebp-dev 1.2.4: sizeof 240;
     * {@code output} (WebPDecBuffer) at 40 with colorspace@+0, is_external_memory@+12, u.RGBA.rgba@+16,
     * u.RGBA.stride@+24, u.RGBA.size@+32; {@code options} at 160 with use_scaling@+28, scaled_width@+32,
     * scaled_height@+36. MODE_RGB = 0, MODE_RGBA = 1.
     */
    static final int DECODER_ABI = 0x0209;
    private static final long CONFIG_SIZE = 240;
    private static final long OUTPUT = 40;
    private static final long OPTIONS = 160;

    /** int WebPPictureInitInternal(WebPPicture*, int abi) */
    private static final MethodHandle PICTURE_INIT = LIB.downcall("WebPPictureInitInternal",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    /** int WebPPictureImportRGBA(WebPPicture*, const uint8_t* rgba, int stride) */
    private static final MethodHandle PICTURE_IMPORT_RGBA = LIB.downcall("WebPPictureImportRGBA",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    /** int WebPPictureImportRGB(WebPPicture*, const uint8_t* rgb, int stride) */
    private static final MethodHandle PICTURE_IMPORT_RGB = LIB.downcall("WebPPictureImportRGB",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    /** void WebPPictureFree(WebPPicture*) */
    private static final MethodHandle PICTURE_FREE =
            LIB.downcall("WebPPictureFree", FunctionDescriptor.ofVoid(ADDRESS));
    /** int WebPConfigInitInternal(WebPConfig*, WebPPreset, float quality, int abi) */
    private static final MethodHandle CONFIG_INIT = LIB.downcall("WebPConfigInitInternal",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_FLOAT, JAVA_INT));

    /**
     * {@code WEBP_ENCODER_ABI_VERSION} of libwebp 1.2 (encode.h), and the layouts of that ABI, checked with a C
     * {@code offsetof} program against Debian's libwebp-dev 1.2.4: {@code WebPPicture} sizeof 256 with use_argb@0,
     * width@8, height@12; {@code WebPConfig} sizeof 116.
     */
    static final int ENCODER_ABI = 0x020F;
    /** sizeof(WebPPicture) in the 1.2 ABI. */
    public static final long PICTURE_SIZE = 256;
    /** sizeof(WebPConfig) in the 1.2 ABI. */
    public static final long CONFIG_SIZE_ENCODER = 116;

    /** void WebPFree(void* ptr) */
    private static final MethodHandle FREE = LIB.downcall("WebPFree", FunctionDescriptor.ofVoid(ADDRESS));

    private static final Binding<LibWebp> BINDING = bind();

    private final String version;

    private LibWebp(String version) {
        this.version = version;
    }

    /** The binding, or why libwebp cannot be used. Loaded once per JVM. */
    public static Binding<LibWebp> load() {
        return BINDING;
    }

    private static Binding<LibWebp> bind() {
        var reason = LIB.unavailableReason();
        if (reason.isPresent()) {
            return new Binding.Unavailable<>(reason.get());
        }
        try {
            int v = (int) DECODER_VERSION.invokeExact();
            return new Binding.Available<>(new LibWebp(
                    "libwebp " + (v >> 16) + "." + ((v >> 8) & 0xFF) + "." + (v & 0xFF)));
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    /** {@code "libwebp 1.2.4"}, from {@code WebPGetDecoderVersion}. */
    public String version() {
        return version;
    }

    /** {@code WebPGetInfo}: nonzero when the header is valid; width and height are written to the two ints. */
    public int getInfo(MemorySegment data, long size, MemorySegment width, MemorySegment height) {
        try {
            return (int) GET_INFO.invokeExact(data, size, width, height);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    /** {@code WebPDecodeRGBInto} or {@code WebPDecodeRGBAInto}: {@code out} on success, NULL on failure. */
    public MemorySegment decodeInto(boolean alpha, MemorySegment data, long size, MemorySegment out, long outSize,
            int stride) {
        try {
            return alpha
                    ? (MemorySegment) DECODE_RGBA_INTO.invokeExact(data, size, out, outSize, stride)
                    : (MemorySegment) DECODE_RGB_INTO.invokeExact(data, size, out, outSize, stride);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    /** {@code WebPEncodeRGB} or {@code WebPEncodeRGBA}: the output size (0 on failure); {@code *output} is set. */
    public long encode(boolean alpha, MemorySegment pixels, int width, int height, int stride, float quality,
            MemorySegment output) {
        try {
            return alpha
                    ? (long) ENCODE_RGBA.invokeExact(pixels, width, height, stride, quality, output)
                    : (long) ENCODE_RGB.invokeExact(pixels, width, height, stride, quality, output);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    /**
     * Decodes into {@code out} rescaled by libwebp to {@code width x height} (its area-averaging rescaler), with the
     * advanced API: the VP8StatusCode, 0 on success (also 0 from a library whose decoder ABI is not 1.2's, as -1).
     */
    public int decodeScaled(boolean alpha, MemorySegment data, long size, MemorySegment out, long outSize, int stride,
            int width, int height) {
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment config = arena.allocate(CONFIG_SIZE, 8);
            if ((int) INIT_DECODER_CONFIG.invokeExact(config, DECODER_ABI) == 0) {
                return -1;
            }
            config.set(JAVA_INT, OUTPUT, alpha ? 1 : 0);
            config.set(JAVA_INT, OUTPUT + 12, 1);
            config.set(ADDRESS, OUTPUT + 16, out);
            config.set(JAVA_INT, OUTPUT + 24, stride);
            config.set(JAVA_LONG, OUTPUT + 32, outSize);
            config.set(JAVA_INT, OPTIONS + 28, 1);
            config.set(JAVA_INT, OPTIONS + 32, width);
            config.set(JAVA_INT, OPTIONS + 36, height);
            try {
                return (int) DECODE.invokeExact(data, size, config);
            } finally {
                FREE_DEC_BUFFER.invokeExact(config.asSlice(OUTPUT));
            }
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    /**
     * {@code WebPPictureInit}, then {@code width x height} ARGB and the pixels imported ({@code WebPPictureImportRGB}
     * or {@code RGBA}, which allocate the picture's own copy): nonzero on success. The picture must be released with
     * {@link #freePicture} whatever the result.
     */
    public int importPicture(MemorySegment picture, boolean alpha, MemorySegment pixels, int width, int height,
            int stride) {
        try {
            if ((int) PICTURE_INIT.invokeExact(picture, ENCODER_ABI) == 0) {
                return 0;
            }
            picture.set(JAVA_INT, 0, 1);        // use_argb
            picture.set(JAVA_INT, 8, width);
            picture.set(JAVA_INT, 12, height);
            return alpha
                    ? (int) PICTURE_IMPORT_RGBA.invokeExact(picture, pixels, stride)
                    : (int) PICTURE_IMPORT_RGB.invokeExact(picture, pixels, stride);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    /** {@code WebPPictureFree}: releases what the picture allocated (safe on an initialised, empty picture). */
    public void freePicture(MemorySegment picture) {
        try {
            PICTURE_FREE.invokeExact(picture);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    /** {@code WebPConfigInit} with the default preset at {@code quality}: nonzero on success. */
    public int initConfig(MemorySegment config, float quality) {
        try {
            return (int) CONFIG_INIT.invokeExact(config, 0, quality, ENCODER_ABI);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    /** {@code WebPFree}. */
    public void free(MemorySegment pointer) {
        try {
            FREE.invokeExact(pointer);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }
}
