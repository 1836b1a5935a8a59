package dev.thumbd.resizer.codec.webp;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.codec.AnimationEncoder;
import dev.thumbd.resizer.codec.EncodeOptions;
import dev.thumbd.resizer.codec.RgbInput;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.spec.ImageFormat;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Animated WebP output with libwebpmux's {@code WebPAnimEncoder}: lossy at the request's quality (libwebp's default
 * preset, as {@link LibWebpEncoder}), every canvas imported into a {@code WebPPicture} (libwebp's own copy) from
 * {@link Scratch.Slot#ENCODE_NATIVE_IN} and handed over with its start time; the library picks sub-frame rectangles
 * and key frames. The assembled file is copied to the heap and released with {@code WebPFree}.
 */
public final class LibWebpAnimationEncoder implements AnimationEncoder {

    private final LibWebp webp;
    private final LibWebpMux mux;

    public LibWebpAnimationEncoder(LibWebp webp, LibWebpMux mux) {
        this.webp = Objects.requireNonNull(webp);
        this.mux = Objects.requireNonNull(mux);
    }

    @Override
    public ImageFormat format() {
        return ImageFormat.WEBP;
    }

    @Override
    public String implementation() {
        return mux.version() + " WebPAnimEncoder (FFM)";
    }

    @Override
    public Sink begin(int width, int height, int loopCount, EncodeOptions options, Scratch scratch) {
        Arena arena = Arena.ofConfined();
        try {
            MemorySegment config = arena.allocate(LibWebp.CONFIG_SIZE_ENCODER, 8);
            if (webp.initConfig(config, options.quality()) == 0) {
                throw failed("WebPConfigInit failed");
            }
            MemorySegment encoder = mux.newEncoder(width, height, Math.max(0, Math.min(65535, loopCount)),
                    arena.allocate(LibWebpMux.OPTIONS_SIZE, 8));
            if (encoder.address() == 0) {
                throw failed("WebPAnimEncoderNew refused " + width + "x" + height);
            }
            return new Animation(arena, encoder, config, width, height, scratch);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private final class Animation implements Sink {
        private final Arena arena;
        private final MemorySegment encoder;
        private final MemorySegment config;
        private final MemorySegment picture;
        private final int width;
        private final int height;
        private final Scratch scratch;
        private int timestamp;
        private boolean closed;

        Animation(Arena arena, MemorySegment encoder, MemorySegment config, int width, int height, Scratch scratch) {
            this.arena = arena;
            this.encoder = encoder;
            this.config = config;
            this.picture = arena.allocate(LibWebp.PICTURE_SIZE, 8);
            this.width = width;
            this.height = height;
            this.scratch = scratch;
        }

        @Override
        public void add(PixelBuffer frame, int delayMs) {
            PixelBuffer in = RgbInput.of(frame, scratch);
            if (in.width() != width || in.height() != height) {
                throw new IllegalArgumentException("frame " + in + " is not " + width + "x" + height);
            }
            MemorySegment pixels = scratch.nativeSegment(Scratch.Slot.ENCODE_NATIVE_IN, in.byteLength());
            MemorySegment.copy(in.data(), 0, pixels, JAVA_BYTE, 0, in.byteLength());
            try {
                if (webp.importPicture(picture, in.format() == PixelFormat.RGBA, pixels, width, height,
                        in.stride()) == 0) {
                    throw failed("WebPPictureImport failed");
                }
                if (mux.add(encoder, picture, timestamp, config) == 0) {
                    throw failed("WebPAnimEncoderAdd: " + mux.error(encoder));
                }
            } finally {
                webp.freePicture(picture);
            }
            timestamp += Math.max(1, delayMs);
        }

        @Override
        public byte[] finish() {
            if (mux.add(encoder, MemorySegment.NULL, timestamp, MemorySegment.NULL) == 0) {
                throw failed("WebPAnimEncoderAdd (end): " + mux.error(encoder));
            }
            MemorySegment data = arena.allocate(LibWebpDemux.DATA_SIZE, 8);
            if (mux.assemble(encoder, data) == 0) {
                throw failed("WebPAnimEncoderAssemble: " + mux.error(encoder));
            }
            MemorySegment bytes = data.get(ADDRESS, 0);
            long size = data.get(JAVA_LONG, 8);
            try {
                if (bytes.address() == 0 || size <= 0 || size > Integer.MAX_VALUE - 16) {
                    throw failed("WebPAnimEncoderAssemble returned " + size + " bytes");
                }
                return bytes.reinterpret(size).toArray(JAVA_BYTE);
            } finally {
                if (bytes.address() != 0) {
                    webp.free(bytes);
                }
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                mux.delete(encoder);
                arena.close();
            }
        }
    }

    private static ProblemException failed(String cause) {
        return new ProblemException(ProblemType.FORMAT_UNAVAILABLE, "Animated WebP encoding failed",
                new IllegalStateException(cause));
    }
}
