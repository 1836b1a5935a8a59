package dev.thumbd.resizer.codec;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.resizer.codec.jpeg.TurboJpeg;
import dev.thumbd.resizer.codec.jpeg.TurboJpegDecoder;
import dev.thumbd.resizer.codec.jpeg.TurboJpegEncoder;
import dev.thumbd.resizer.codec.png.LibPng;
import dev.thumbd.resizer.codec.png.LibPngDecoder;
import dev.thumbd.resizer.codec.png.LibPngEncoder;
import dev.thumbd.resizer.fixture.AvifBytes;
import dev.thumbd.resizer.fixture.JpegBytes;
import dev.thumbd.resizer.fixture.PngBytes;
import dev.thumbd.resizer.fixture.SyntheticPhoto;
import dev.thumbd.resizer.fixture.WebpBytes;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.spec.ImageFormat;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.invoke.MethodHandle;
import java.util.Collections;
import org.jspecify.annotations.Nullable;

/**
 * The native-leak workload, run by {@link NativeCodecLeakTest} in a JVM of its own: small JPEG, PNG and WebP images
 * decoded and encoded, and truncated ones failed, a few hundred times per round (AVIF every 20th image: an AV1
 * encode is slow), each image with a scratch of its own. Prints one line, {@code GROWTH <smallest round growth>
 * <bound> <details>}, in bytes of native memory as glibc's malloc counts it.
 */
public final class NativeLeakWorkload {

    private static final int WARM_UP = 100;
    private static final int ROUND = 200;
    private static final int ROUNDS = 3;
    /** Handles allocated to measure what one costs. */
    private static final int PROBE_HANDLES = 256;

    private static final @Nullable MethodHandle MALLINFO2 = Linker.nativeLinker().defaultLookup().find("mallinfo2")
            .map(address -> Linker.nativeLinker().downcallHandle(address,
                    FunctionDescriptor.of(MemoryLayout.structLayout(Collections.nCopies(10, JAVA_LONG)
                            .toArray(MemoryLayout[]::new)))))
            .orElse(null);

    private NativeLeakWorkload() {
    }

    /** Runs the workload ({@code leak} as the only argument: leaking one TurboJPEG handle per image). */
    public static void main(String[] args) {
        if (MALLINFO2 == null) {
            throw new IllegalStateException("needs glibc's mallinfo2 (glibc 2.33 or later)");
        }
        Growth growth = measure(args.length > 0 && args[0].equals("leak"));
        System.out.println("GROWTH " + growth.smallestRoundBytes() + " " + growth.boundBytes() + " " + growth);
    }

    private static Growth measure(boolean leakOneHandlePerImage) {
        TurboJpeg turbo = NativeCodecs.turboJpeg();
        Workload work = new Workload(turbo, NativeCodecs.libPng(), NativeCodecs.libWebp(), NativeCodecs.libAvif(),
                leakOneHandlePerImage);
        long handleBytes = handleCost(turbo);
        work.run(WARM_UP);
        long[] samples = new long[ROUNDS + 1];
        samples[0] = mallocInUse();
        long smallest = Long.MAX_VALUE;
        for (int r = 1; r <= ROUNDS; r++) {
            work.run(ROUND);
            samples[r] = mallocInUse();
            smallest = Math.min(smallest, samples[r] - samples[r - 1]);
        }
        return new Growth(samples, smallest, handleBytes, ROUND / 4 * handleBytes);
    }

    /** Bytes malloc holds for one TurboJPEG decompress handle (its tjinstance and libjpeg's permanent pool). */
    private static long handleCost(TurboJpeg turbo) {
        MemorySegment[] handles = new MemorySegment[PROBE_HANDLES];
        long before = mallocInUse();
        for (int i = 0; i < handles.length; i++) {
            handles[i] = turbo.initDecompress();
        }
        long after = mallocInUse();
        for (MemorySegment h : handles) {
            turbo.destroy(h);
        }
        long each = (after - before) / PROBE_HANDLES;
        if (each <= 0) {
            throw new IllegalStateException("a TurboJPEG handle should cost malloc memory: " + each);
        }
        return each;
    }

    /**
     * Malloc growth of each round.
     *
     * @param samples            bytes in use after warm-up and after each round
     * @param smallestRoundBytes the smallest growth of one round
     * @param handleBytes        what one TurboJPEG handle costs
     * @param boundBytes         a quarter of a round's images each leaking one handle
     */
    private record Growth(long[] samples, long smallestRoundBytes, long handleBytes, long boundBytes) {
        @Override
        public String toString() {
            return "malloc in use (bytes) %s, smallest round growth %d, bound %d (one handle %d bytes, %d images a round)"
                    .formatted(java.util.Arrays.toString(samples), smallestRoundBytes, boundBytes, handleBytes, ROUND);
        }
    }

    /**
     * glibc's {@code struct mallinfo2 mallinfo2(void)} (malloc.h, glibc 2.33+): ten {@code size_t} fields, of which
     * {@code hblkhd} (index 4, bytes in mmapped chunks) plus {@code uordblks} (index 7, bytes in use in the arena)
     * is what malloc has handed out and not had back, in bytes. Unlike VmRSS it does not move with the Java heap.
     */
    private static long mallocInUse() {
        settle();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = (MemorySegment) MALLINFO2.invokeExact((SegmentAllocator) arena);
            return info.get(JAVA_LONG, 8L * 4) + info.get(JAVA_LONG, 8L * 7);
        } catch (Throwable t) {
            throw NativeLibrary.unchecked(t);
        }
    }

    /**
     * Lets the JVM hand back what it holds only until a collection: memory behind unreachable objects (direct
     * buffers, automatic arenas, JDK image codecs) is freed by cleaners after a GC.
     */
    private static void settle() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static final class Workload {
        private final byte[] jpeg = JpegBytes.encode(SyntheticPhoto.of(160, 120, PixelFormat.RGB, 1), 85);
        private final byte[] badJpeg = java.util.Arrays.copyOf(jpeg, jpeg.length / 2);
        private final byte[] png = PngBytes.encode(SyntheticPhoto.of(160, 120, PixelFormat.RGBA, 2));
        private final byte[] badPng = java.util.Arrays.copyOf(png, png.length / 2);
        private final TurboJpeg turbo;
        private final boolean leakOneHandlePerImage;
        private final TurboJpegDecoder jpegDecoder;
        private final TurboJpegEncoder jpegEncoder;
        private final LibPngDecoder pngDecoder;
        private final LibPngEncoder pngEncoder;
        private final EncodeOptions jpegOptions = EncodeOptions.defaults(ImageFormat.JPEG);
        private final EncodeOptions pngOptions = new EncodeOptions(100, 1, false, ChromaSubsampling.S444, 1);
        private final byte[] webp = WebpBytes.encode(SyntheticPhoto.of(160, 120, PixelFormat.RGB, 3), 80);
        private final byte[] badWebp = java.util.Arrays.copyOf(webp, webp.length / 2);
        private final dev.thumbd.resizer.codec.webp.LibWebpDecoder webpDecoder;
        private final dev.thumbd.resizer.codec.webp.LibWebpEncoder webpEncoder;
        private final dev.thumbd.resizer.codec.avif.LibAvifDecoder avifDecoder;
        private final dev.thumbd.resizer.codec.avif.LibAvifEncoder avifEncoder;
        private final byte[] badAvif;
        private final PixelBuffer small = Pixels.synthetic(64, 48, PixelFormat.RGBA);

        Workload(TurboJpeg turbo, LibPng libPng, dev.thumbd.resizer.codec.webp.LibWebp libWebp,
                dev.thumbd.resizer.codec.avif.LibAvif libAvif, boolean leakOneHandlePerImage) {
            this.turbo = turbo;
            this.leakOneHandlePerImage = leakOneHandlePerImage;
            jpegDecoder = new TurboJpegDecoder(turbo);
            jpegEncoder = new TurboJpegEncoder(turbo);
            pngDecoder = new LibPngDecoder(libPng);
            pngEncoder = new LibPngEncoder(libPng);
            webpDecoder = new dev.thumbd.resizer.codec.webp.LibWebpDecoder(libWebp,
                    new dev.thumbd.resizer.codec.webp.ImageIoWebpDecoder());
            webpEncoder = new dev.thumbd.resizer.codec.webp.LibWebpEncoder(libWebp);
            avifDecoder = new dev.thumbd.resizer.codec.avif.LibAvifDecoder(libAvif);
            avifEncoder = new dev.thumbd.resizer.codec.avif.LibAvifEncoder(libAvif);
            byte[] avif = AvifBytes.encode(SyntheticPhoto.of(64, 48, PixelFormat.RGB, 4), 50);
            badAvif = java.util.Arrays.copyOf(avif, avif.length / 2);
        }

        /**
         * Each image with a scratch of its own, closed after it: a long-lived scratch keeps native buffers sized by
         * recent images and trims them now and then, moving malloc's count by megabytes either way.
         */
        void run(int times) {
            for (int i = 0; i < times; i++) {
                try (Scratch scratch = new Scratch()) {
                    image(i, scratch);
                }
            }
        }

        private void image(int i, Scratch scratch) {
            if (leakOneHandlePerImage) {
                turbo.initDecompress(); // the handle a decoder that skipped tjDestroy would lose
            }
            PixelBuffer photo = jpegDecoder.decode(jpeg, 2, scratch);
            assertThat(jpegEncoder.encode(photo, jpegOptions, scratch)).hasSizeGreaterThan(1000);
            PixelBuffer decodedPng = pngDecoder.decode(png, 1, scratch);
            assertThat(pngEncoder.encode(decodedPng, pngOptions, scratch)).hasSizeGreaterThan(1000);
            assertThatThrownBy(() -> jpegDecoder.decode(badJpeg, 1, scratch))
                    .isInstanceOf(ProblemException.class);
            assertThatThrownBy(() -> pngDecoder.decode(badPng, 1, scratch))
                    .isInstanceOf(ProblemException.class);
            PixelBuffer decodedWebp = webpDecoder.decode(webp, 1, scratch);
            assertThat(webpEncoder.encode(decodedWebp, EncodeOptions.defaults(ImageFormat.WEBP), scratch))
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
