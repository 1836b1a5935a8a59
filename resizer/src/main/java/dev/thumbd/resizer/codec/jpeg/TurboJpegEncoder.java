package dev.thumbd.resizer.codec.jpeg;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.codec.ChromaSubsampling;
import dev.thumbd.resizer.codec.EncodeOptions;
import dev.thumbd.resizer.codec.Encoder;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.spec.ImageFormat;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * JPEG encoding with libjpeg-turbo's {@code tjCompress2}.
 *
 * <p>Design note: JPEG has no alpha. The pipeline flattens alpha onto the background before encoding, so RGBA is
 * passed as {@code TJPF_RGBX} (the fourth byte is skipped) and GRAY_ALPHA has its alpha dropped into
 * {@link Scratch.Slot#ENCODE_INPUT}. Grey input is written as a one-component JPEG ({@code TJSAMP_GRAY}). The
 * output buffer is preallocated in {@link Scratch.Slot#ENCODE_NATIVE_OUT} at {@code tjBufSize} (the worst case)
 * and {@code TJFLAG_NOREALLOC} forbids TurboJPEG to replace it, so there is nothing to {@code tjFree}; the
 * {@code unsigned char*} and {@code unsigned long} that {@code tjCompress2} reads and writes live in the 16 bytes
 * just past that buffer. {@link EncodeOptions#effort()} is ignored. One compressor handle per call, like
 * {@link TurboJpegDecoder}.
 */
public final class TurboJpegEncoder implements Encoder {

    private static final int OUT_PARAMS_BYTES = 16;

    private final TurboJpeg turbo;

    public TurboJpegEncoder(TurboJpeg turbo) {
        this.turbo = Objects.requireNonNull(turbo);
    }

    @Override
    public ImageFormat format() {
        return ImageFormat.JPEG;
    }

    @Override
    public String implementation() {
        return turbo.version() + " (FFM)";
    }

    @Override
    public boolean isNative() {
        return true;
    }

    @Override
    public byte[] encode(PixelBuffer image, EncodeOptions options, Scratch scratch) {
        PixelBuffer input = image.format() == PixelFormat.GRAY_ALPHA ? dropAlpha(image, scratch) : image;
        int pixelFormat = switch (input.format()) {
            case GRAY -> TurboJpeg.TJPF_GRAY;
            case RGB -> TurboJpeg.TJPF_RGB;
            case RGBA -> TurboJpeg.TJPF_RGBX;
            default -> throw new IllegalArgumentException("cannot encode " + input.format() + " as JPEG");
        };
        int subsamp = input.format() == PixelFormat.GRAY ? TurboJpeg.TJSAMP_GRAY
                : options.chroma() == ChromaSubsampling.S444 ? TurboJpeg.TJSAMP_444 : TurboJpeg.TJSAMP_420;
        int flags = TurboJpeg.TJFLAG_NOREALLOC | TurboJpeg.TJFLAG_ACCURATEDCT
                | (options.progressive() ? TurboJpeg.TJFLAG_PROGRESSIVE : 0);

        MemorySegment pixels = scratch.nativeSegment(Scratch.Slot.ENCODE_NATIVE_IN, input.byteLength());
        MemorySegment.copy(input.data(), 0, pixels, JAVA_BYTE, 0, input.byteLength());
        long capacity = turbo.bufSize(input.width(), input.height(), subsamp);
        if (capacity <= 0) {
            throw unavailable("tjBufSize rejected " + input);
        }
        long paramsAt = (capacity + 7) & ~7L;
        MemorySegment out = scratch.nativeSegment(Scratch.Slot.ENCODE_NATIVE_OUT, paramsAt + OUT_PARAMS_BYTES);
        MemorySegment bufPtr = out.asSlice(paramsAt, 8);
        MemorySegment sizePtr = out.asSlice(paramsAt + 8, 8);
        bufPtr.set(ADDRESS, 0, out);
        sizePtr.set(JAVA_LONG, 0, capacity);

        MemorySegment handle = turbo.initCompress();
        try {
            int rc = turbo.compress(handle, pixels, input.width(), input.stride(), input.height(), pixelFormat,
                    bufPtr, sizePtr, subsamp, options.quality(), flags);
            if (rc != 0) {
                throw unavailable("tjCompress2 failed: " + turbo.errorMessage(handle));
            }
            long size = sizePtr.get(JAVA_LONG, 0);
            if (bufPtr.get(ADDRESS, 0).address() != out.address() || size <= 0 || size > capacity) {
                throw unavailable("tjCompress2 returned an unexpected buffer");
            }
            return out.asSlice(0, size).toArray(JAVA_BYTE);
        } finally {
            turbo.destroy(handle);
        }
    }

    private static PixelBuffer dropAlpha(PixelBuffer image, Scratch scratch) {
        int pixels = image.width() * image.height();
        byte[] grey = scratch.bytes(Scratch.Slot.ENCODE_INPUT, pixels);
        byte[] src = image.data();
        for (int i = 0; i < pixels; i++) {
            grey[i] = src[2 * i];
        }
        return new PixelBuffer(grey, image.width(), image.height(), PixelFormat.GRAY);
    }

    private static ProblemException unavailable(String cause) {
        return new ProblemException(ProblemType.FORMAT_UNAVAILABLE, "JPEG encoding failed",
                new IllegalStateException(cause));
    }
}
