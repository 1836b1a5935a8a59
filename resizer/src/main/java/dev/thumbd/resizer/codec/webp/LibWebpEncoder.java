package dev.thumbd.resizer.codec.webp;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.codec.EncodeOptions;
import dev.thumbd.resizer.codec.Encoder;
import dev.thumbd.resizer.codec.RgbInput;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.spec.ImageFormat;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Lossy WebP encoding with libwebp's {@code WebPEncodeRGB(A)}: quality as given, libwebp's default preset (method
 * 4, the effort sharp and libvips use by default; {@link EncodeOptions#effort()} is not reachable through the simple
 * API). Grey input is expanded to RGB(A) in {@link Scratch.Slot#ENCODE_INPUT}. libwebp allocates the output; it is
 * copied to the heap and released with {@code WebPFree} before returning.
 */
public final class LibWebpEncoder implements Encoder {

    private final LibWebp webp;

    public LibWebpEncoder(LibWebp webp) {
        this.webp = Objects.requireNonNull(webp);
    }

    @Override
    public ImageFormat format() {
        return ImageFormat.WEBP;
    }

    @Override
    public String implementation() {
        return webp.version() + " (FFM)";
    }

    @Override
    public boolean isNative() {
        return true;
    }

    @Override
    public byte[] encode(PixelBuffer image, EncodeOptions options, Scratch scratch) {
        PixelBuffer in = RgbInput.of(image, scratch);
        boolean alpha = in.format() == PixelFormat.RGBA;
        MemorySegment pixels = scratch.nativeSegment(Scratch.Slot.ENCODE_NATIVE_IN, in.byteLength());
        MemorySegment.copy(in.data(), 0, pixels, JAVA_BYTE, 0, in.byteLength());
        MemorySegment outPtr = scratch.nativeSegment(Scratch.Slot.ENCODE_NATIVE_OUT, 8);
        outPtr.set(ADDRESS, 0, MemorySegment.NULL);
        long size = webp.encode(alpha, pixels, in.width(), in.height(), in.stride(), options.quality(), outPtr);
        MemorySegment out = outPtr.get(ADDRESS, 0);
        try {
            if (size <= 0 || out.address() == 0) {
                throw new ProblemException(ProblemType.FORMAT_UNAVAILABLE, "WebP encoding failed",
                        new IllegalStateException("WebPEncode returned " + size));
            }
            return out.reinterpret(size).toArray(JAVA_BYTE);
        } finally {
            if (out.address() != 0) {
                webp.free(out);
            }
        }
    }
}
