package dev.thumbd.ops;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Debian tool a test runs for real (promtool, prometheus, alertmanager, chromium). Missing, the test is skipped,
 * except under {@code CI=true}, where it fails: CI must prove the real thing (./thumbd test installs the packages).
 */
public final class RequiredTool {

    private RequiredTool() {
    }

    /** The path of {@code /usr/bin/<name>}, from Debian package {@code pkg}. */
    public static String path(String name, String pkg) {
        Path p = Path.of("/usr/bin", name);
        boolean present = Files.isExecutable(p);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(name + " is required under CI=true (apt-get install " + pkg
                    + "; ./thumbd test installs it)");
        }
        assumeTrue(present, name + " is not installed (apt-get install " + pkg + ")");
        return p.toString();
    }
}
