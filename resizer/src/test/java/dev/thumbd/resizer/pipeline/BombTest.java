package dev.thumbd.resizer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.admission.PixelBudget;
import dev.thumbd.resizer.codec.Codecs;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.resizer.kernel.Resamplers;
import dev.thumbd.resizer.probe.Bombs;
import dev.thumbd.spec.ImageFormat;
import dev.thumbd.spec.QueryString;
import dev.thumbd.spec.ThumbnailSpec;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decompression bombs of every format, and requests whose output is the bomb, against the engine with the budget of
 * a 256 MB resizer: each is refused with the problem that names its limit, and refused before its pixels exist (the
 * worker thread allocates almost nothing while refusing it).
 */
class BombTest {

    private static final long MIB = 1 << 20;
    private static final PixelBudget BUDGET = new PixelBudget(80 * MIB, 80 * MIB, Duration.ofSeconds(1), n -> { });
    private static final ThumbnailPipeline PIPELINE = new ThumbnailPipeline(Codecs.detect(true),
            Resamplers.preferred(), PipelineSettings.defaults(), SharedDecodes.NONE, BUDGET);
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final byte[] LANDSCAPE = Photos.encoded(ImageFormat.JPEG, 1200, 800, false, 5);

    static Stream<Arguments> bombs() {
        return Stream.of(
                bomb("GIF: 1x1 screen, 30000x30000 frame", () -> Bombs.gif(1, 1, 30000, 30000), "w=100",
                        ProblemType.IMAGE_TOO_LARGE, "thumbd.limits.max-pixels"),
                bomb("GIF: 60000x60000 screen", () -> Bombs.gif(60000, 60000, 1, 1), "w=100",
                        ProblemType.IMAGE_TOO_LARGE, "thumbd.limits.max-pixels"),
                bomb("PNG header: 100000x100000", () -> Bombs.pngHeader(100000, 100000), "w=100",
                        ProblemType.IMAGE_TOO_LARGE, "thumbd.limits.max-pixels"),
                bomb("PNG: 7000x7000 of zeros, 200 KB of IDAT (196 MB of RGBA)", () -> Bombs.pngOfZeros(7000, 7000),
                        "w=100", ProblemType.IMAGE_TOO_LARGE, "thumbd.memory.pixel-budget"),
                bomb("JPEG header: 65000x65000", () -> Bombs.jpegHeader(65000, 65000, false), "w=100",
                        ProblemType.IMAGE_TOO_LARGE, "thumbd.limits.max-pixels"),
                bomb("progressive JPEG 7000x7000: coefficients at full size", () -> Bombs.jpegHeader(7000, 7000, true),
                        "w=100", ProblemType.IMAGE_TOO_LARGE, "thumbd.memory.native-budget"),
                bomb("animated WebP: 16384x16384 canvas", () -> Bombs.animatedWebp(16384, 16384, 2), "w=100",
                        ProblemType.IMAGE_TOO_LARGE, "thumbd.limits.max-pixels"),
                bomb("animated WebP: 900 frames of 4000x4000", () -> Bombs.animatedWebp(4000, 4000, 900), "w=100",
                        ProblemType.IMAGE_TOO_LARGE, "over all frames"),
                bomb("AVIF: 40000x40000 item", () -> Bombs.avif(40000, 40000, 0, 0), "w=100",
                        ProblemType.IMAGE_TOO_LARGE, "thumbd.limits.max-pixels"),
                bomb("AVIF: 64x64 primary, 30000x30000 hidden tile", () -> Bombs.avif(64, 64, 30000, 30000), "w=100",
                        ProblemType.IMAGE_TOO_LARGE, "frame or item"),
                bomb("AVIF: 7000x7000 (49 MP, no shrink-on-load)", () -> Bombs.avif(7000, 7000, 0, 0), "w=100",
                        ProblemType.IMAGE_TOO_LARGE, "thumbd.memory"),
                bomb("canvas: contain 8192x8192 at dpr 2", () -> LANDSCAPE,
                        "w=8192&h=8192&dpr=2&fit=contain&fmt=jpeg", ProblemType.INVALID_PARAMETER,
                        "thumbd.limits.max-result-pixels"),
                bomb("canvas: enlarge to 6000x6000 PNG", () -> LANDSCAPE, "w=6000&h=6000&fit=fill&enlarge=true&fmt=png",
                        ProblemType.IMAGE_TOO_LARGE, "thumbd.memory.pixel-budget"),
                bomb("filter: blur sigma 1000 on 4000 pixels wide", () -> LANDSCAPE, "w=4000&enlarge=true&blur=1000",
                        ProblemType.INVALID_PARAMETER, "thumbd.limits.max-filter-work"));
    }

    private static Arguments bomb(String name, Supplier<byte[]> file, String query, ProblemType type, String names) {
        return Arguments.of(name, file, query, type, names);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bombs")
    void refusedBeforeItsPixelsExist(String name, Supplier<byte[]> file, String query, ProblemType type,
            String names) {
        byte[] source = file.get();
        ThumbnailSpec spec = ThumbnailSpec.parse(QueryString.decode("src=x&" + query));
        try (Scratch scratch = new Scratch()) {
            long heap0 = THREADS.getCurrentThreadAllocatedBytes();
            ProblemException e = catchThrowableOfType(ProblemException.class,
                    () -> PIPELINE.run(source, spec, FormatChooser.NO_NEGOTIATION, scratch));
            long drawn = THREADS.getCurrentThreadAllocatedBytes() - heap0;
            assertThat(e).as(name).isNotNull();
            assertThat(e.type()).as(name + ": " + e.getMessage()).isEqualTo(type);
            assertThat(e.getMessage()).as(name).contains(names);
            assertThat(drawn).as(name + ": heap bytes allocated while refusing").isLessThan(4 * MIB + source.length);
            assertThat(scratch.nativeAllocatedBytes()).as(name + ": native bytes").isZero();
        }
        assertThat(BUDGET.used()).isZero();
    }
}
