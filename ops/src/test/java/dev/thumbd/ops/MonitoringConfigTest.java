package dev.thumbd.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The monitoring files, checked by the real tools (Debian {@code prometheus}, {@code prometheus-alertmanager}):
 * configuration syntax, rule syntax, the rules' unit tests (alerts fire and resolve when they should), and
 * Alertmanager's routing. Without the tools the tests are skipped, except under {@code CI=true}, where they fail.
 */
class MonitoringConfigTest {

    private static final Path ROOT = RepoFiles.ROOT;

    private static String tool(String name) {
        return RequiredTool.path(name, name.equals("amtool") ? "prometheus-alertmanager" : "prometheus");
    }

    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
        return out;
    }

    @Test
    void prometheusConfigAndRulesAreValid() throws Exception {
        String promtool = tool("promtool");
        Path dir = ROOT.resolve("prometheus");
        assertThat(run(dir, promtool, "check", "config", "prometheus.yml")).contains("SUCCESS");
        assertThat(run(dir, promtool, "check", "rules", "rules/thumbd.rules.yml")).contains("SUCCESS");
    }

    @Test
    void alertRulesFireAndResolveAsTheirUnitTestsSay() throws Exception {
        String promtool = tool("promtool");
        Path dir = ROOT.resolve("prometheus");
        List<String> cmd = new ArrayList<>(List.of(promtool, "test", "rules"));
        try (var tests = Files.list(dir.resolve("tests"))) {
            tests.filter(f -> f.toString().endsWith(".yml")).sorted()
                    .forEach(f -> cmd.add(dir.relativize(f).toString()));
        }
        assertThat(cmd).hasSizeGreaterThan(3);
        assertThat(run(dir, cmd.toArray(String[]::new))).contains("SUCCESS").doesNotContain("FAILED");
    }

    @Test
    void alertmanagerRoutesDegradationAlertsToTheResizers() throws Exception {
        String amtool = tool("amtool");
        Path dir = ROOT.resolve("alertmanager");
        assertThat(run(dir, amtool, "check-config", "alertmanager.yml")).contains("SUCCESS");
        String routed = run(dir, amtool, "config", "routes", "test", "--config.file=alertmanager.yml",
                "--verify.receivers=resizer-degradation", "alertname=ThumbdAdmissionSaturated", "degradation=true");
        assertThat(routed).contains("resizer-degradation");
        assertThat(run(dir, amtool, "config", "routes", "test", "--config.file=alertmanager.yml",
                "--verify.receivers=operators", "alertname=ThumbdReplicaDown", "severity=page")).contains("operators");
    }
}
