package dev.thumbd.resizer.codec.avif;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.codec.Decoder;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.resizer.probe.HeaderProbe;
import dev.thumbd.resizer.probe.ProbeLimits;
import dev.thumbd.spec.ImageFormat;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * AVIF decoding with libavif 0.11 (dav1d on Debian 12): {@code avifDecoderReadMemory} of the primary image, one
 * thread, an image-size limit as defence in depth behind the probe, then {@code avifImageYUVToRGB} at 8 bits into
 * {@link Scratch.Slot#DECODE_NATIVE} (RGBA when there is an alpha plane). irot/imir are not applied here; the
 * pipeline orients from the probe, like every format. No shrink-on-load ({@code shrink} is ignored).
 */
public final class LibAvifDecoder implements Decoder {

    private final LibAvif avif;

    public LibAvifDecoder(LibAvif avif) {
        this.avif = Objects.requireNonNull(avif);
    }

    @Override
    public ImageFormat format() {
        return ImageFormat.AVIF;
    }

    @Override
    public String implementation() {
        return avif.version() + " (FFM, AV1 by dav1d)";
    }

    @Override
    public boolean isNative() {
        return true;
    }

    @Override
    public PixelBuffer decode(byte[] source, int shrink, Scratch scratch) {
        MemorySegment data = scratch.nativeSegment(Scratch.Slot.SOURCE_NATIVE, source.length);
        MemorySegment.copy(source, 0, data, JAVA_BYTE, 0, source.length);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment rgb = arena.allocate(LibAvif.RGB_SIZE, 8);
            MemorySegment decoder = avif.decoderCreate();
            MemorySegment image = avif.imageCreateEmpty();
            try {
                if (decoder.address() == 0 || image.address() == 0) {
                    throw new IllegalStateException("libavif could not allocate a decoder");
                }
                decoder.set(JAVA_INT, LibAvif.DEC_MAX_THREADS, 1);
                // held to what the header declares (and was priced and admitted by): a stream coded larger than its
                // ispe says is refused by libavif and dav1d before they allocate its frame
                decoder.set(JAVA_INT, LibAvif.DEC_IMAGE_SIZE_LIMIT, (int) Math.min(ProbeLimits.DEFAULT_MAX_PIXELS,
                        Math.max(1, HeaderProbe.declaredFramePixels(source))));
                check(avif.decoderReadMemory(decoder, image, data, source.length), "avifDecoderReadMemory");
                int w = image.get(JAVA_INT, LibAvif.IMAGE_WIDTH);
                int h = image.get(JAVA_INT, LibAvif.IMAGE_HEIGHT);
                boolean alpha = image.get(ADDRESS, LibAvif.IMAGE_ALPHA_PLANE).address() != 0;
                PixelFormat format = alpha ? PixelFormat.RGBA : PixelFormat.RGB;
                long size = (long) w * h * format.channels();
                if (w < 1 || h < 1 || size > Integer.MAX_VALUE - 16) {
                    throw new ProblemException(ProblemType.IMAGE_TOO_LARGE, "the AVIF image is too large to decode");
                }
                MemorySegment out = scratch.nativeSegment(Scratch.Slot.DECODE_NATIVE, size);
                avif.rgbSetDefaults(rgb, image);
                rgb.set(JAVA_INT, LibAvif.RGB_DEPTH, 8);
                rgb.set(JAVA_INT, LibAvif.RGB_FORMAT, alpha ? LibAvif.RGB_FORMAT_RGBA : LibAvif.RGB_FORMAT_RGB);
                rgb.set(ADDRESS, LibAvif.RGB_PIXELS, out);
                rgb.set(JAVA_INT, LibAvif.RGB_ROW_BYTES, w * format.channels());
                check(avif.yuvToRgb(image, rgb), "avifImageYUVToRGB");
                byte[] pixels = scratch.bytes(Scratch.Slot.DECODED, (int) size);
                MemorySegment.copy(out, JAVA_BYTE, 0, pixels, 0, (int) size);
                return new PixelBuffer(pixels, w, h, format);
            } finally {
                if (image.address() != 0) {
                    avif.imageDestroy(image);
                }
                if (decoder.address() != 0) {
                    avif.decoderDestroy(decoder);
                }
            }
        }
    }

    private void check(int result, String call) {
        if (result != 0) {
            throw new ProblemException(ProblemType.CORRUPT_IMAGE, "The AVIF image is broken or unsupported",
                    new IllegalStateException(call + ": " + avif.resultToString(result)));
        }
    }
}
