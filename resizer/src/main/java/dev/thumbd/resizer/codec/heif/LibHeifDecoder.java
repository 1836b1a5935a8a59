package dev.thumbd.resizer.codec.heif;

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
import dev.thumbd.resizer.probe.ImageHeader;
import dev.thumbd.resizer.probe.ProbeLimits;
import dev.thumbd.spec.ImageFormat;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Locale;
import java.util.Objects;

/**
 * HEIC decoding with libheif (HEVC by libde265 on Debian 12): the primary image, tiles of a grid assembled by
 * libheif on the calling thread (no decoding threads of its own), strict decoding, HDR samples converted to 8 bits,
 * as interleaved RGB (RGBA when the image has an alpha plane) copied into {@link Scratch.Slot#DECODED}.
 *
 * <p>libheif applies the transformative properties (clean aperture, irot, imir) as it decodes, which is why the HEIC
 * header reports the displayed size and orientation 1 ({@code HeifHeader}): the pipeline does not orient again. Before
 * any pixel is decoded, the size libheif will produce (its image handle) must equal the size the probe reported and
 * the render was priced for; a file on which they disagree is refused as corrupt. No shrink-on-load.
 */
public final class LibHeifDecoder implements Decoder {

    private static final ProbeLimits UNBOUNDED = new ProbeLimits(Long.MAX_VALUE, 1L << 50, Integer.MAX_VALUE);

    private final LibHeif heif;

    public LibHeifDecoder(LibHeif heif) {
        this.heif = Objects.requireNonNull(heif);
    }

    @Override
    public ImageFormat format() {
        return ImageFormat.HEIC;
    }

    @Override
    public String implementation() {
        return heif.version() + " (FFM, HEVC by libde265, primary image)";
    }

    @Override
    public boolean isNative() {
        return true;
    }

    @Override
    public PixelBuffer decode(byte[] source, int shrink, Scratch scratch) {
        ImageHeader probed = HeaderProbe.probe(source, UNBOUNDED);
        MemorySegment data = scratch.nativeSegment(Scratch.Slot.SOURCE_NATIVE, source.length);
        MemorySegment.copy(source, 0, data, JAVA_BYTE, 0, source.length);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment context = heif.contextAlloc();
            if (context.address() == 0) {
                throw new IllegalStateException("libheif could not allocate a context");
            }
            try {
                heif.setMaxDecodingThreads(context, 0);
                check(heif.readFromMemory(arena, context, data, source.length), "heif_context_read_from_memory");
                MemorySegment handleOut = arena.allocate(ADDRESS);
                check(heif.primaryHandle(arena, context, handleOut), "heif_context_get_primary_image_handle");
                MemorySegment handle = handleOut.get(ADDRESS, 0);
                try {
                    return decode(handle, probed, scratch, arena);
                } finally {
                    heif.handleRelease(handle);
                }
            } finally {
                heif.contextFree(context);
            }
        }
    }

    private PixelBuffer decode(MemorySegment handle, ImageHeader probed, Scratch scratch, Arena arena) {
        int w = heif.handleWidth(handle);
        int h = heif.handleHeight(handle);
        if (w != probed.width() || h != probed.height()) {
            throw new ProblemException(ProblemType.CORRUPT_IMAGE, String.format(Locale.ROOT,
                    "The HEIC image is inconsistent: its header says %dx%d, its primary image is %dx%d",
                    probed.width(), probed.height(), w, h));
        }
        boolean alpha = heif.handleHasAlpha(handle);
        PixelFormat format = alpha ? PixelFormat.RGBA : PixelFormat.RGB;
        MemorySegment options = heif.optionsAlloc();
        MemorySegment imageOut = arena.allocate(ADDRESS);
        MemorySegment image = MemorySegment.NULL;
        try {
            if (options.address() == 0) {
                throw new IllegalStateException("libheif could not allocate decoding options");
            }
            options.set(JAVA_BYTE, LibHeif.OPT_IGNORE_TRANSFORMATIONS, (byte) 0);
            if (options.get(JAVA_BYTE, LibHeif.OPT_VERSION) >= 3) {
                options.set(JAVA_BYTE, LibHeif.OPT_CONVERT_HDR_TO_8BIT, (byte) 1);
                options.set(JAVA_BYTE, LibHeif.OPT_STRICT_DECODING, (byte) 1);
            }
            check(heif.decodeImage(arena, handle, imageOut, LibHeif.COLORSPACE_RGB,
                    alpha ? LibHeif.CHROMA_INTERLEAVED_RGBA : LibHeif.CHROMA_INTERLEAVED_RGB, options),
                    "heif_decode_image");
            image = imageOut.get(ADDRESS, 0);
            return copy(image, w, h, format, alpha && heif.handlePremultiplied(handle), scratch, arena);
        } finally {
            if (image.address() != 0) {
                heif.imageRelease(image);
            }
            if (options.address() != 0) {
                heif.optionsFree(options);
            }
        }
    }

    private PixelBuffer copy(MemorySegment image, int w, int h, PixelFormat format, boolean premultiplied,
            Scratch scratch, Arena arena) {
        int channels = format.channels();
        if (heif.imageWidth(image, LibHeif.CHANNEL_INTERLEAVED) != w
                || heif.imageHeight(image, LibHeif.CHANNEL_INTERLEAVED) != h) {
            throw new ProblemException(ProblemType.CORRUPT_IMAGE, "The HEIC image decoded to another size");
        }
        MemorySegment strideOut = arena.allocate(JAVA_INT);
        MemorySegment plane = heif.plane(image, LibHeif.CHANNEL_INTERLEAVED, strideOut);
        int stride = strideOut.get(JAVA_INT, 0);
        long row = (long) w * channels;
        if (plane.address() == 0 || stride < row) {
            throw new IllegalStateException("libheif returned no interleaved plane");
        }
        plane = plane.reinterpret((long) stride * (h - 1) + row);
        byte[] pixels = scratch.bytes(Scratch.Slot.DECODED, Math.toIntExact(row * h));
        for (int y = 0; y < h; y++) {
            MemorySegment.copy(plane, JAVA_BYTE, (long) stride * y, pixels, (int) (row * y), (int) row);
        }
        if (premultiplied) {
            unpremultiply(pixels, (int) (row * h));
        }
        return new PixelBuffer(pixels, w, h, format);
    }

    /** Straight alpha from premultiplied RGBA, in place. */
    private static void unpremultiply(byte[] rgba, int length) {
        for (int i = 0; i < length; i += 4) {
            int a = rgba[i + 3] & 0xFF;
            if (a != 0 && a != 255) {
                for (int c = 0; c < 3; c++) {
                    rgba[i + c] = (byte) Math.min(255, ((rgba[i + c] & 0xFF) * 255 + a / 2) / a);
                }
            }
        }
    }

    private void check(MemorySegment error, String call) {
        int code = error.get(JAVA_INT, 0);
        if (code != 0) {
            String message = error.get(ADDRESS, LibHeif.ERROR_MESSAGE).reinterpret(512).getString(0);
            throw new ProblemException(ProblemType.CORRUPT_IMAGE, "The HEIC image is broken or unsupported",
                    new IllegalStateException(call + ": " + message + " (" + code + "/" + error.get(JAVA_INT, 4)
                            + ")"));
        }
    }
}
