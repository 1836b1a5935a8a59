package dev.thumbd.resizer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.resizer.codec.Codecs;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.resizer.kernel.Resamplers;
import dev.thumbd.spec.ImageFormat;
import dev.thumbd.spec.QueryString;
import dev.thumbd.spec.ThumbnailSpec;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The memory estimate of a render against what the render really draws: the heap bytes the worker thread allocates
 * while it runs (the JVM's own per-thread counter, garbage included) and the native bytes its scratch allocates,
 * each render on a fresh scratch so that every buffer is allocated for it. An estimate lower than either fails.
 * Renders are measured once the code is compiled (interpreted Vector API code allocates a box per operation, garbage
 * that a compiled kernel does not make), the smaller of two runs.
 */
class RenderCostTest {

    private static final ThumbnailPipeline PIPELINE = new ThumbnailPipeline(Codecs.detect(true),
            Resamplers.preferred(), PipelineSettings.defaults(), SharedDecodes.NONE, MemoryGate.UNLIMITED);
    private static final Map<String, byte[]> SOURCES = new HashMap<>();
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Compiles the kernels of both pixel layouts before anything is measured. */
    @BeforeAll
    static void warmUp() {
        for (String q : new String[] {"w=300", "w=700&fmt=png"}) {
            for (boolean alpha : new boolean[] {false, true}) {
                byte[] s = source(alpha ? "png" : "jpeg", 1500, 1000, alpha);
                ThumbnailSpec spec = ThumbnailSpec.parse(QueryString.decode("src=x&" + q));
                for (int i = 0; i < 12; i++) {
                    render(s, spec);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}x{2} alpha={3} {4}")
    @CsvSource(delimiter = '|', value = {
        "jpeg|6000|4000|false|w=800",
        "jpeg|6000|4000|false|w=2400",
        "jpeg|3000|2000|false|w=300",
        "jpeg|3000|2000|false|w=1200&fmt=webp",
        "jpeg|3000|2000|false|w=2000&fmt=jpeg",
        "jpeg|3000|2000|false|w=800&h=800&fit=contain&bg=ff000080&fmt=png",
        "jpeg|3000|2000|false|w=600&h=600&fit=cover&gravity=smart",
        "jpeg|3000|2000|false|w=400&blur=5&sharpen=2",
        "jpeg|3000|2000|false|w=300&fmt=avif",
        "jpeg|1200|800|false|w=2400&enlarge=true",
        "png|1200|900|true|w=300&fmt=png",
        "png|1200|900|true|w=600&fmt=webp",
        "png|1200|900|true|w=500&fmt=jpeg",
        "webp|1600|1200|false|w=400",
        "webp|1600|1200|true|w=900&fmt=png",
        "avif|800|600|false|w=200",
        "gif|640|480|false|w=200&fmt=png",
        "jpeg|6000|4000|false|w=800&crop=100,200,5000,3000&rotate=90",
        "jpeg|3000|2000|false|crop=10,10,1800,1200&flip=true",
        "png|1200|900|true|w=300&crop=600,0,600,900&rotate=270&flop=true&fmt=png",
        "jpeg|3000|2000|false|w=600&trim=30",
    })
    void theEstimateIsNeverBelowWhatTheRenderDraws(String format, int w, int h, boolean alpha, String query) {
        assertDrawsAtMostItsEstimate(source(format, w, h, alpha), query, format + " " + w + "x" + h);
    }

    /**
     * Colour conversion priced right: the 12 MP phone photo (EXIF orientation 6, Display P3) at a wide size, where the
     * orient and colour steps each hold a copy of the output, and CMYK JPEGs with and without a profile.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "photo-p3-orientation6-4032x3024.jpg|w=1900",
        "photo-p3-orientation6-4032x3024.jpg|w=600&fmt=webp",
        "edge/cmyk-profile.jpg|w=150",
        "edge/cmyk-no-profile.jpg|w=150&fmt=png",
        "grey-2000x1500.jpg|w=1800&fmt=webp",
        "grey-2000x1500.jpg|w=1200&fmt=avif",
        "grey-2000x1500.jpg|w=1800&fmt=jpeg",
        "grey-2000x1500.png|w=1800&fmt=webp",
    })
    void colourConversionIsPricedRight(String name, String query) {
        byte[] source = name.startsWith("grey-") ? grey(name) : dev.thumbd.resizer.fixture.TestImages.bytes(name);
        assertDrawsAtMostItsEstimate(source, query, name);
    }

    /**
     * Animations priced right: every frame decoded onto the canvas and resized into the animation encoder (each frame
     * allocates again what the pixel steps let go), and one frame picked as a still.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "gif|w=200&fmt=webp",
        "gif|w=600&h=600&fit=contain&fmt=webp",
        "gif|w=300&fmt=png&frame=5",
        "webp|w=320",
        "webp|w=100&fmt=jpeg&frame=2",
    })
    void animationsArePricedRight(String format, String query) {
        byte[] source = SOURCES.computeIfAbsent("animated-" + format, k -> format.equals("gif")
                ? dev.thumbd.resizer.fixture.GifBytes.animated(640, 480, 8, true)
                : dev.thumbd.resizer.fixture.AnimatedImages.webp(640, 480, 0, new int[] {40, 40, 40, 40, 40, 40},
                        new int[][] {{255, 0, 0, 255}, {0, 255, 0, 255}, {0, 0, 255, 200}, {9, 9, 9, 255},
                                {200, 100, 0, 255}, {0, 100, 200, 100}}));
        assertDrawsAtMostItsEstimate(source, query, "animated " + format);
    }

    /**
     * Renders {@code source} at {@code query} (after three renders that load the classes and compile the kernels:
     * interpreted Vector API code boxes) twice, and holds the smaller draw against the estimate.
     */
    private static void assertDrawsAtMostItsEstimate(byte[] source, String query, String label) {
        ThumbnailSpec spec = ThumbnailSpec.parse(QueryString.decode("src=x&" + query));
        RenderCost cost = PIPELINE.estimate(source, spec, FormatChooser.NO_NEGOTIATION);
        for (int i = 0; i < 3; i++) {
            render(source, spec);
        }
        long[] a = render(source, spec);
        long[] b = render(source, spec);
        long[] drawn = {Math.min(a[0], b[0]), Math.min(a[1], b[1])};
        System.out.printf(Locale.ROOT, "render cost %s %s: estimate %s; drawn heap %.1f MiB, native %.1f MiB%n",
                label, query, cost, drawn[0] / 1048576.0, drawn[1] / 1048576.0);
        assertThat(drawn[0]).as("heap bytes drawn vs estimated (%s)", cost)
                .isLessThanOrEqualTo(cost.heapAllocated());
        assertThat(drawn[1]).as("native bytes drawn vs estimated (%s)", cost).isLessThanOrEqualTo(cost.nativeBytes());
    }

    /** A one-component JPEG or a grey PNG of photo-like pixels ({@code grey-WxH.jpg|png}). */
    private static byte[] grey(String name) {
        return SOURCES.computeIfAbsent(name, k -> {
            String[] size = name.substring(5, name.lastIndexOf('.')).split("x");
            int w = Integer.parseInt(size[0]);
            int h = Integer.parseInt(size[1]);
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            byte[] d = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
            java.util.SplittableRandom r = new java.util.SplittableRandom(w);
            for (int i = 0; i < d.length; i++) {
                d[i] = (byte) (128 + 80 * Math.sin(i % w * 0.01) * Math.cos(i / w * 0.013) + r.nextInt(16));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                ImageIO.write(img, name.endsWith(".png") ? "png" : "jpeg", out);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return out.toByteArray();
        });
    }

    /** Heap bytes allocated by this thread and native bytes allocated by a fresh scratch during one render. */
    private static long[] render(byte[] source, ThumbnailSpec spec) {
        try (Scratch scratch = new Scratch()) {
            long heap0 = THREADS.getCurrentThreadAllocatedBytes();
            PIPELINE.run(source, spec, FormatChooser.NO_NEGOTIATION, scratch);
            long heap = THREADS.getCurrentThreadAllocatedBytes() - heap0;
            return new long[] {heap, scratch.nativeAllocatedBytes()};
        }
    }

    private static byte[] source(String format, int w, int h, boolean alpha) {
        return SOURCES.computeIfAbsent(format + w + "x" + h + alpha, k -> format.equals("gif") ? gif(w, h)
                : Photos.encoded(ImageFormat.valueOf(format.toUpperCase(Locale.ROOT)), w, h, alpha, w * 31L + h));
    }

    private static byte[] gif(int w, int h) {
        var p = Photos.pixels(w, h, false, 7);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                img.setRGB(x, y, (p.data()[i] & 0xFF) << 16 | (p.data()[i + 1] & 0xFF) << 8 | (p.data()[i + 2] & 0xFF));
            }
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "gif", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
