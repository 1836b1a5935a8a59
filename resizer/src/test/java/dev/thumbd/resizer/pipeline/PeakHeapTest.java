package dev.thumbd.resizer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.thumbd.resizer.fixture.HeifFiles;
import dev.thumbd.resizer.fixture.TestImages;
import dev.thumbd.spec.ImageFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The estimate's peak is what a render really holds at once. {@link RenderCostTest} holds every term against what
 * the render allocates; this test holds the peak, with what is let go along the way, against the heap the render
 * really needs: in a forked JVM (the service's collector, a 4 MB young generation), only the estimated heap is left
 * free ({@link PeakHeapWorkload}) and the render must complete. An image kept alive longer than the estimate says
 * (a step that stops letting go of the image it replaced) ends that JVM with an OutOfMemoryError.
 */
class PeakHeapTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "photo-p3-orientation6-4032x3024.jpg|w=1900",
        "photo-p3-orientation6-4032x3024.jpg|w=1600&fmt=webp",
        "photo-6000x4000.jpg|w=2400",
        "photo-6000x4000.jpg|w=800&fmt=webp",
        "alpha-2048x1536.png|w=1900&fmt=webp",
        "photo-1536x1024.avif|w=1200",
        "photo-4000x3000.heic|w=1900",
        "photo-4000x3000.heic|w=800&fmt=webp",
        "photo-4000x3000-irot1-imir0.heic|w=1600",
        "alpha-2400x1600.heic|w=1200&fmt=png",
    })
    void aRenderCompletesInTheHeapItsEstimateNames(String name, String query) throws Exception {
        String out = fork(source(name), query, 1.0);
        assertThat(out).as("the render within its estimated heap:\n%s", out).contains("RENDERED");
    }

    /** The harness sees a render that needs more than it is given: half the estimate is not enough. */
    @org.junit.jupiter.api.Test
    void aRenderGivenLessThanItHoldsRunsOutOfHeap() throws Exception {
        String out = fork(source("photo-p3-orientation6-4032x3024.jpg"), "w=1900", 0.5);
        assertThat(out).contains("OutOfMemoryError").doesNotContain("RENDERED");
    }

    static Path source(String name) throws IOException {
        if (name.endsWith(".heic")) {
            return heic(name);
        }
        if (name.equals("photo-6000x4000.jpg")) {
            Path file = Path.of("target", "test-images", name);
            if (!Files.isRegularFile(file)) {
                Files.createDirectories(file.getParent());
                Files.write(file, Photos.encoded(ImageFormat.JPEG, 6000, 4000, false, 11));
            }
            return file;
        }
        return TestImages.path(name);
    }

    /**
     * A HEIC made here with {@code heif-enc} (x265) from a synthetic photo: 4000x3000 opaque, the same turned a quarter
     * and mirrored by irot/imir (libheif then copies the image), or 2400x1600 with an alpha plane. Written once.
     */
    private static Path heic(String name) throws IOException {
        Path file = Path.of("target", "test-images", name);
        if (Files.isRegularFile(file)) {
            return file;
        }
        Files.createDirectories(file.getParent());
        byte[] heic = switch (name) {
            case "photo-4000x3000.heic" -> HeifFiles.encode(Photos.encoded(ImageFormat.PNG, 4000, 3000, false, 13),
                    "png", "-q", "70");
            case "photo-4000x3000-irot1-imir0.heic" -> HeifFiles.withTransforms(
                    Files.readAllBytes(heic("photo-4000x3000.heic")), 1, 0);
            case "alpha-2400x1600.heic" -> HeifFiles.encode(Photos.encoded(ImageFormat.PNG, 2400, 1600, true, 17),
                    "png", "-q", "70");
            default -> throw new IllegalArgumentException(name);
        };
        return Files.write(file, heic);
    }

    /** Forks {@link PeakHeapWorkload}; its output (the process is expected to end on its own). */
    static String fork(Path source, String query, double fraction) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-Xms320m", "-Xmx320m", "-Xmn4m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), PeakHeapWorkload.class.getName(),
                source.toString(), query, Double.toString(fraction)));
        Path out = Files.createTempFile("peak-heap", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(3, TimeUnit.MINUTES)) {
                p.destroyForcibly().waitFor();
                fail("the peak-heap workload hung");
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            System.out.println("PeakHeapTest " + source.getFileName() + " " + query + " x" + fraction + ": "
                    + output.lines().filter(l -> l.startsWith("ESTIMATE") || l.startsWith("RENDERED")
                            || l.contains("OutOfMemoryError")).toList());
            return output;
        } finally {
            Files.delete(out);
        }
    }
}
