package dev.thumbd.resizer.codec.avif;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.codec.ChromaSubsampling;
import dev.thumbd.resizer.codec.EncodeOptions;
import dev.thumbd.resizer.codec.Encoder;
import dev.thumbd.resizer.codec.RgbInput;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.spec.ImageFormat;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * AVIF encoding with libavif 0.11 (AV1 through the encoder libavif picks, aom on Debian 12).
 *
 * <p>libavif 0.11's encoder defaults are lossless, speed "default" and one thread, so every knob is set: speed =
 * {@link EncodeOptions#effort()} (0 slowest .. 10 fastest; libvips' effort 4 is speed 5), quantizers from quality
 * the way libavif 1.x maps its {@code quality}: {@code q = round((100 - quality) * 63 / 100)} for colour and alpha,
 * threads = {@link EncodeOptions#threads()}. YUV 4:2:0 unless 4:4:4 is asked for. Grey input is widened to RGB.
 * Every object libavif allocates (image, encoder, output) is released in {@code finally}.
 */
public final class LibAvifEncoder implements Encoder {

    private final LibAvif avif;

    public LibAvifEncoder(LibAvif avif) {
        this.avif = Objects.requireNonNull(avif);
    }

    @Override
    public ImageFormat format() {
        return ImageFormat.AVIF;
    }

    @Override
    public String implementation() {
        return avif.version() + " (FFM, AV1 by aom)";
    }

    @Override
    public boolean isNative() {
        return true;
    }

    /** libavif 1.x's quality-to-quantizer mapping. */
    static int quantizer(int quality) {
        return (int) Math.round((100 - quality) * 63 / 100.0);
    }

    @Override
    public byte[] encode(PixelBuffer image, EncodeOptions options, Scratch scratch) {
        PixelBuffer in = RgbInput.of(image, scratch);
        boolean alpha = in.format() == PixelFormat.RGBA;
        MemorySegment pixels = scratch.nativeSegment(Scratch.Slot.ENCODE_NATIVE_IN, in.byteLength());
        MemorySegment.copy(in.data(), 0, pixels, JAVA_BYTE, 0, in.byteLength());
        int yuv = options.chroma() == ChromaSubsampling.S444 ? LibAvif.PIXEL_FORMAT_YUV444
                : LibAvif.PIXEL_FORMAT_YUV420;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment rgb = arena.allocate(LibAvif.RGB_SIZE, 8);
            MemorySegment output = arena.allocate(LibAvif.RWDATA_SIZE, 8);
            MemorySegment img = avif.imageCreate(in.width(), in.height(), 8, yuv);
            MemorySegment encoder = MemorySegment.NULL;
            try {
                if (img.address() == 0) {
                    throw failed("avifImageCreate returned NULL");
                }
                avif.rgbSetDefaults(rgb, img);
                rgb.set(JAVA_INT, LibAvif.RGB_DEPTH, 8);
                rgb.set(JAVA_INT, LibAvif.RGB_FORMAT, alpha ? LibAvif.RGB_FORMAT_RGBA : LibAvif.RGB_FORMAT_RGB);
                rgb.set(ADDRESS, LibAvif.RGB_PIXELS, pixels);
                rgb.set(JAVA_INT, LibAvif.RGB_ROW_BYTES, in.stride());
                check(avif.rgbToYuv(img, rgb), "avifImageRGBToYUV");
                encoder = avif.encoderCreate();
                if (encoder.address() == 0) {
                    throw failed("avifEncoderCreate returned NULL");
                }
                int q = quantizer(options.quality());
                encoder.set(JAVA_INT, LibAvif.ENC_MAX_THREADS, options.threads());
                encoder.set(JAVA_INT, LibAvif.ENC_SPEED, options.effort());
                encoder.set(JAVA_INT, LibAvif.ENC_MIN_Q, q);
                encoder.set(JAVA_INT, LibAvif.ENC_MAX_Q, q);
                encoder.set(JAVA_INT, LibAvif.ENC_MIN_Q_ALPHA, q);
                encoder.set(JAVA_INT, LibAvif.ENC_MAX_Q_ALPHA, q);
                check(avif.encoderWrite(encoder, img, output), "avifEncoderWrite");
                long size = output.get(JAVA_LONG, 8);
                return output.get(ADDRESS, 0).reinterpret(size).toArray(JAVA_BYTE);
            } finally {
                avif.rwDataFree(output);
                if (encoder.address() != 0) {
                    avif.encoderDestroy(encoder);
                }
                if (img.address() != 0) {
                    avif.imageDestroy(img);
                }
            }
        }
    }

    private void check(int result, String call) {
        if (result != 0) {
            throw failed(call + ": " + avif.resultToString(result));
        }
    }

    private static ProblemException failed(String cause) {
        return new ProblemException(ProblemType.FORMAT_UNAVAILABLE, "AVIF encoding failed",
                new IllegalStateException(cause));
    }
}
