package dev.thumbd.resizer.codec;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.resizer.codec.jpeg.TurboJpeg;
import dev.thumbd.resizer.codec.jpeg.TurboJpegDecoder;
import dev.thumbd.resizer.codec.jpeg.TurboJpegEncoder;
import dev.thumbd.resizer.codec.png.LibPng;
import dev.thumbd.resizer.codec.png.LibPngDecoder;
import dev.thumbd.resizer.codec.png.LibPngEncoder;
import dev.thumbd.resizer.fixture.TestImages;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.spec.ImageFormat;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Native memory must not grow with the number of images: every TurboJPEG handle is destroyed, every
 * {@code png_image} freed, every libwebp output and every libavif image, encoder, decoder and output released, on
 * success and on failure alike. (AVIF runs every 20th round: an AV1 encode is slow.) Decodes and encodes a real JPEG and PNG, and fails to
 * decode a truncated one of each, a few thousand times, and checks that the resident set size (VmRSS) stops growing
 * once the scratch slots, the JIT and the heap have warmed up. VmRSS also moves with the Java heap, several MB
 * either way, so on glibc the bytes malloc has handed out are checked too, with a tight bound: a leaked TurboJPEG
 * handle (about 4 kB) or libpng control structure per image would show up there at once.
 */
class NativeCodecLeakTest {

    private static final int WARM_UP = 400;
    private static final int ROUND = 800;
    /** The Java heap resizes by several MB between rounds, and VmRSS moves with it. */
    private static final long ALLOWED_RSS_GROWTH_KB = 16 * 1024;
    /** One leaked TurboJPEG handle is about 4 kB: leaking one per decode adds about 6 MB a round (measured). */
    private static final long ALLOWED_MALLOC_GROWTH_KB = 2 * 1024;

    private static final @Nullable MethodHandle MALLINFO2 = Linker.nativeLinker().defaultLookup().find("mallinfo2")
            .map(address -> Linker.nativeLinker().downcallHandle(address,
                    FunctionDescriptor.of(MemoryLayout.structLayout(Collections.nCopies(10, JAVA_LONG)
                            .toArray(MemoryLayout[]::new)))))
            .orElse(null);

    @Test
    void nativeMemoryStopsGrowing() throws IOException {
        Path status = Path.of("/proc/self/status");
        assumeTrue(Files.isReadable(status), "needs Linux /proc/self/status");
        Workload work = new Workload(NativeCodecs.turboJpeg(), NativeCodecs.libPng(), NativeCodecs.libWebp(),
                NativeCodecs.libAvif());

        try (Scratch scratch = new Scratch()) {
            work.run(WARM_UP, scratch);
            long[] first = sample(status);
            work.run(ROUND, scratch);
            long[] second = sample(status);
            work.run(ROUND, scratch);
            long[] third = sample(status);

            String trace = "VmRSS kB %d -> %d -> %d, malloc kB %d -> %d -> %d".formatted(
                    first[0], second[0], third[0], first[1], second[1], third[1]);
            assertThat(third[0] - second[0]).as("VmRSS growth in the last round; " + trace)
                    .isLessThan(ALLOWED_RSS_GROWTH_KB);
            assertThat(third[0] - first[0]).as("VmRSS growth after warm-up; " + trace)
                    .isLessThan(2 * ALLOWED_RSS_GROWTH_KB);
            if (first[1] >= 0) {
                // Not against the first sample: the JIT hands back compiler arenas during the first round.
                assertThat(third[1] - second[1]).as("malloc growth in the last round; " + trace)
                        .isLessThan(ALLOWED_MALLOC_GROWTH_KB);
            }
        }
    }

    /** VmRSS and glibc's bytes in use by malloc (-1 off glibc), both in kB. */
    private static long[] sample(Path status) throws IOException {
        long malloc = MALLINFO2 == null ? -1 : mallocInUseKb();
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return new long[] {Long.parseLong(line.replaceAll("\\D", "")), malloc};
            }
        }
        throw new IllegalStateException("no VmRSS in " + status);
    }

    /**
     * glibc's {@code struct mallinfo2 mallinfo2(void)} (malloc.h, glibc 2.33+): ten {@code size_t} fields, of which
     * {@code hblkhd} (index 4, bytes in mmapped chunks) plus {@code uordblks} (index 7, bytes in use in the arena)
     * is what malloc has handed out and not had back. Unlike VmRSS it does not move with the Java heap.
     */
    private static long mallocInUseKb() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = (MemorySegment) MALLINFO2.invokeExact((SegmentAllocator) arena);
            return (info.get(JAVA_LONG, 8L * 4) + info.get(JAVA_LONG, 8L * 7)) / 1024;
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    private static final class Workload {
        private final byte[] jpeg = TestImages.bytes("photo-600x450.jpg");
        private final byte[] badJpeg = TestImages.bytes("bad/truncated.jpg");
        private final byte[] png = TestImages.bytes("rgba-576x384.png");
        private final byte[] badPng = TestImages.bytes("bad/truncated.png");
        private final TurboJpegDecoder jpegDecoder;
        private final TurboJpegEncoder jpegEncoder;
        private final LibPngDecoder pngDecoder;
        private final LibPngEncoder pngEncoder;
        private final EncodeOptions jpegOptions = EncodeOptions.defaults(ImageFormat.JPEG);
        private final EncodeOptions pngOptions = new EncodeOptions(100, 1, false, ChromaSubsampling.S444, 1);
        private final byte[] webp = TestImages.bytes("photo-550x368.webp");
        private final byte[] badWebp = java.util.Arrays.copyOf(webp, webp.length / 2);
        private final dev.thumbd.resizer.codec.webp.LibWebpDecoder webpDecoder;
        private final dev.thumbd.resizer.codec.webp.LibWebpEncoder webpEncoder;
        private final dev.thumbd.resizer.codec.avif.LibAvifDecoder avifDecoder;
        private final dev.thumbd.resizer.codec.avif.LibAvifEncoder avifEncoder;
        private final byte[] badAvif;
        private final PixelBuffer small = Pixels.synthetic(64, 48, dev.thumbd.resizer.image.PixelFormat.RGBA);

        Workload(TurboJpeg turbo, LibPng libPng, dev.thumbd.resizer.codec.webp.LibWebp libWebp,
                dev.thumbd.resizer.codec.avif.LibAvif libAvif) {
            jpegDecoder = new TurboJpegDecoder(turbo);
            jpegEncoder = new TurboJpegEncoder(turbo);
            pngDecoder = new LibPngDecoder(libPng);
            pngEncoder = new LibPngEncoder(libPng);
            webpDecoder = new dev.thumbd.resizer.codec.webp.LibWebpDecoder(libWebp,
                    new dev.thumbd.resizer.codec.webp.ImageIoWebpDecoder());
            webpEncoder = new dev.thumbd.resizer.codec.webp.LibWebpEncoder(libWebp);
            avifDecoder = new dev.thumbd.resizer.codec.avif.LibAvifDecoder(libAvif);
            avifEncoder = new dev.thumbd.resizer.codec.avif.LibAvifEncoder(libAvif);
            byte[] avif = TestImages.bytes("edge/pitm.avif");
            badAvif = java.util.Arrays.copyOf(avif, avif.length / 2);
        }

        void run(int times, Scratch scratch) {
            for (int i = 0; i < times; i++) {
                PixelBuffer photo = jpegDecoder.decode(jpeg, 2, scratch);
                assertThat(jpegEncoder.encode(photo, jpegOptions, scratch)).hasSizeGreaterThan(1000);
                PixelBuffer bird = pngDecoder.decode(png, 1, scratch);
                assertThat(pngEncoder.encode(bird, pngOptions, scratch)).hasSizeGreaterThan(1000);
                assertThatThrownBy(() -> jpegDecoder.decode(badJpeg, 1, scratch))
                        .isInstanceOf(ProblemException.class);
                assertThatThrownBy(() -> pngDecoder.decode(badPng, 1, scratch))
                        .isInstanceOf(ProblemException.class);
                PixelBuffer fjord = webpDecoder.decode(webp, 1, scratch);
                assertThat(webpEncoder.encode(fjord, EncodeOptions.defaults(ImageFormat.WEBP), scratch))
                        .hasSizeGreaterThan(1000);
                assertThatThrownBy(() -> webpDecoder.decode(badWebp, 1, scratch))
                        .isInstanceOf(ProblemException.class);
                if (i % 20 == 0) {
                    byte[] avif = avifEncoder.encode(small, new EncodeOptions(50, 10, false,
                            ChromaSubsampling.S420, 1), scratch);
                    assertThat(avifDecoder.decode(avif, 1, scratch).width()).isEqualTo(64);
                    assertThatThrownBy(() -> avifDecoder.decode(badAvif, 1, scratch))
                            .isInstanceOf(ProblemException.class);
                }
            }
        }
    }
}
