package dev.thumbd.resizer.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Native memory must not grow with the number of images: every TurboJPEG handle is destroyed, every
 * {@code png_image} freed, every libwebp output and every libavif image, encoder, decoder and output released, on
 * success and on failure alike.
 *
 * <p>What is measured is native memory only: the bytes glibc's malloc has handed out and not had back, in its arenas
 * and in the regions it mmaps for large blocks ({@code mallinfo2}). The native libraries allocate through malloc, and
 * so do FFM arenas; the Java heap does not, so heap growth (which moves the resident set size by hundreds of MB on
 * large machines) cannot fail this test. The workload ({@link NativeLeakWorkload}) runs in a JVM of its own with a
 * fixed heap, the serial collector and the interpreter only: the JIT compilers keep malloc'd arenas that a periodic
 * task frees, which moved the count by megabytes between rounds. The bound comes from what one leaked handle costs,
 * measured in that JVM: leaking a TurboJPEG handle on every fourth image of a round exceeds it. The smallest growth
 * of three rounds after a warm-up is checked: a leak grows every round.
 *
 * <p>{@link #aLeakedHandlePerImageIsCaught()} runs the same workload leaking one TurboJPEG handle per image (a
 * {@code tjDestroy} skipped, in the test workload only) and checks that the measurement sees it. Setting the system
 * property {@code thumbd.leak-test.skip-tjDestroy=true} makes the main test leak the same way, to watch it fail.
 */
class NativeCodecLeakTest {

    @Test
    void nativeMemoryStopsGrowing() throws Exception {
        Growth growth = run(Boolean.getBoolean("thumbd.leak-test.skip-tjDestroy"));
        assertThat(growth.smallest()).as("smallest native memory growth of a round under the bound: " + growth.line())
                .isLessThan(growth.bound());
    }

    @Test
    void aLeakedHandlePerImageIsCaught() throws Exception {
        Growth growth = run(true);
        assertThat(growth.smallest()).as("smallest growth of a round, leaking one handle per image: " + growth.line())
                .isGreaterThanOrEqualTo(growth.bound());
    }

    /** Forks the workload; returns the smallest round growth and the bound, in bytes. */
    private static Growth run(boolean leak) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--add-modules=jdk.incubator.vector");
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-Xms96m");
        command.add("-Xmx96m");
        command.add("-XX:+UseSerialGC");
        command.add("-Xint");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(NativeLeakWorkload.class.getName());
        if (leak) {
            command.add("leak");
        }
        Path out = Files.createTempFile("leak", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly().waitFor();
                fail("the leak workload hung");
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                fail("the leak workload failed (exit " + p.exitValue() + "):\n" + output);
            }
            for (String line : output.split("\n")) {
                if (line.startsWith("GROWTH ")) {
                    System.out.println("NativeCodecLeakTest" + (leak ? " (leaking)" : "") + ": " + line);
                    String[] f = line.split(" ");
                    return new Growth(Long.parseLong(f[1]), Long.parseLong(f[2]), line);
                }
            }
            return fail("no GROWTH line from the leak workload:\n" + output);
        } finally {
            Files.delete(out);
        }
    }

    /** The workload's verdict: the smallest growth of a round, the bound (bytes) and its whole report line. */
    private record Growth(long smallest, long bound, String line) {
    }
}
