package dev.thumbd.resizer.codec.webp;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.codec.AnimationDecoder;
import dev.thumbd.resizer.codec.AnimationFrames;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.spec.ImageFormat;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Animated WebP input with libwebpdemux's {@code WebPAnimDecoder}: the file is copied once into
 * {@link Scratch.Slot#SOURCE_NATIVE}, the library keeps its canvas (and the previous one, for disposal) in its own
 * memory, and each frame's canvas is copied to {@link Scratch.Slot#DECODED} as straight RGBA. Frame durations are the
 * differences of the library's end timestamps.
 */
public final class LibWebpAnimationDecoder implements AnimationDecoder {

    private final LibWebpDemux demux;

    public LibWebpAnimationDecoder(LibWebpDemux demux) {
        this.demux = Objects.requireNonNull(demux);
    }

    @Override
    public ImageFormat format() {
        return ImageFormat.WEBP;
    }

    @Override
    public String implementation() {
        return demux.version() + " WebPAnimDecoder (FFM)";
    }

    @Override
    public boolean isNative() {
        return true;
    }

    @Override
    public AnimationFrames open(byte[] source, Scratch scratch) {
        long riff = source.length >= 8 ? Integer.toUnsignedLong((source[4] & 0xFF) | (source[5] & 0xFF) << 8
                | (source[6] & 0xFF) << 16 | (source[7] & 0xFF) << 24) : -1;
        if (riff < 4 || riff + 8 > source.length) {
            throw corrupt("RIFF size " + riff + " + 8 exceeds the " + source.length + " bytes given");
        }
        MemorySegment data = scratch.nativeSegment(Scratch.Slot.SOURCE_NATIVE, source.length);
        MemorySegment.copy(source, 0, data, JAVA_BYTE, 0, source.length);
        Arena arena = Arena.ofConfined();
        try {
            MemorySegment webpData = arena.allocate(LibWebpDemux.DATA_SIZE, 8);
            webpData.set(ADDRESS, 0, data);
            webpData.set(JAVA_LONG, 8, source.length);
            MemorySegment decoder = demux.newDecoder(webpData, arena.allocate(LibWebpDemux.OPTIONS_SIZE, 8));
            if (decoder.address() == 0) {
                throw corrupt("WebPAnimDecoderNew refused the file");
            }
            Frames frames = new Frames(arena, decoder, scratch);
            MemorySegment info = arena.allocate(LibWebpDemux.INFO_SIZE, 8);
            if (demux.info(decoder, info) == 0) {
                frames.close();
                throw corrupt("WebPAnimDecoderGetInfo failed");
            }
            frames.width = info.get(JAVA_INT, 0);
            frames.height = info.get(JAVA_INT, 4);
            frames.loops = info.get(JAVA_INT, 8);
            frames.count = info.get(JAVA_INT, 16);
            return frames;
        } catch (RuntimeException e) {
            if (arena.scope().isAlive()) {
                arena.close();
            }
            throw e;
        }
    }

    private final class Frames implements AnimationFrames {
        private final Arena arena;
        private final MemorySegment decoder;
        private final Scratch scratch;
        private final MemorySegment buffer;
        private final MemorySegment timestamp;
        int width;
        int height;
        int loops;
        int count;
        private int previousEnd;
        private int delay;
        private boolean closed;

        Frames(Arena arena, MemorySegment decoder, Scratch scratch) {
            this.arena = arena;
            this.decoder = decoder;
            this.scratch = scratch;
            this.buffer = arena.allocate(ADDRESS);
            this.timestamp = arena.allocate(JAVA_INT);
        }

        @Override
        public int width() {
            return width;
        }

        @Override
        public int height() {
            return height;
        }

        @Override
        public int frameCount() {
            return count;
        }

        @Override
        public int loopCount() {
            return loops;
        }

        @Override
        public PixelBuffer next() {
            if (demux.next(decoder, buffer, timestamp) == 0) {
                throw corrupt("WebPAnimDecoderGetNext failed");
            }
            int end = timestamp.get(JAVA_INT, 0);
            delay = Math.max(0, end - previousEnd);
            previousEnd = end;
            int size = Math.multiplyExact(Math.multiplyExact(width, height), 4);
            MemorySegment canvas = buffer.get(ADDRESS, 0).reinterpret(size);
            byte[] out = scratch.bytes(Scratch.Slot.DECODED, size);
            MemorySegment.copy(canvas, JAVA_BYTE, 0, out, 0, size);
            return new PixelBuffer(out, width, height, PixelFormat.RGBA);
        }

        @Override
        public int delayMs() {
            return delay;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                demux.delete(decoder);
                arena.close();
            }
        }
    }

    private static ProblemException corrupt(String cause) {
        return new ProblemException(ProblemType.CORRUPT_IMAGE, "The animated WebP image is broken or truncated",
                new IllegalStateException(cause));
    }
}
