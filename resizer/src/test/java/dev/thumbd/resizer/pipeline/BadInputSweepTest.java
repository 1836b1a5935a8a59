package dev.thumbd.resizer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.thumbd.resizer.fixture.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every bad test image ({@link TestImages#bad()}: bombs, truncations, corrupt and unsupported files) through the
 * whole pipeline, in a forked JVM: each must end in the outcome it is registered with (a 4xx problem, or a first-frame thumbnail where that is allowed), and the
 * process must survive all of them.
 */
class BadInputSweepTest {

    @Test
    void everyBadFileYieldsItsProblemAndTheProcessSurvives() throws Exception {
        List<TestImages.Entry> entries = TestImages.bad();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--add-modules=jdk.incubator.vector");
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BadInputSweep.class.getName());
        for (TestImages.Entry e : entries) {
            command.add(TestImages.path(e.file()).toString());
        }
        Path out = Files.createTempFile("sweep", ".out");
        Path err = Files.createTempFile("sweep", ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        boolean finished = p.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            p.destroyForcibly().waitFor();
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        Files.delete(out);
        Files.delete(err);
        if (!finished) {
            fail("the sweep hung; last output:\n" + tail(stdout));
        }
        Map<String, String> outcome = new HashMap<>();
        String started = null;
        for (String line : stdout.split("\n")) {
            if (line.startsWith("START ")) {
                started = line.substring(6);
            } else if (line.startsWith("OK ") || line.startsWith("PROBLEM ")) {
                String[] f = line.split(" ");
                outcome.put(f[1], line);
                started = null;
            }
        }
        if (p.exitValue() != 0 || !stdout.contains("DONE")) {
            fail("the sweep JVM died (exit " + p.exitValue() + ") while processing " + started + "\n" + tail(stderr));
        }
        for (TestImages.Entry e : entries) {
            String line = outcome.get(TestImages.path(e.file()).toString());
            assertThat(line).as(e.file()).isNotNull();
            assertThat(allowed(e.expected(), line)).as(e.file() + " expected " + e.expected() + " got " + line)
                    .isTrue();
        }
    }

    /** Whether an outcome line satisfies the manifest's expectation text ("422 ...", "4xx ...", "200 first frame or 422"). */
    static boolean allowed(String expected, String line) {
        if (line.startsWith("OK ")) {
            return expected.startsWith("200");
        }
        String status = line.split(" ")[2];
        if (expected.startsWith("4xx")) {
            return status.startsWith("4");
        }
        for (String token : expected.replaceAll("[(),;/]", " ").split(" ")) {
            if (token.equals(status)) {
                return true;
            }
        }
        return false;
    }

    private static String tail(String s) {
        return s.length() <= 2000 ? s : s.substring(s.length() - 2000);
    }
}
