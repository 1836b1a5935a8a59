package dev.thumbd.resizer.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code /admin/dashboard} in headless Chromium: the page loads, asks {@code /admin/stats} with the token from its URL
 * fragment, and draws the stage heat map from live renders, the rates and the degradation level (raised through the
 * webhook, so the page must show 2). The screenshot is kept as {@code target/test-artifacts/dashboard.png}.
 */
class DashboardBrowserTest {

    @TempDir
    Path dir;

    @Test
    void theDashboardDrawsTheHeatMapFromLiveData() throws Exception {
        try (ResizerServer server = ResizerServer.start(Map.of(
                "thumbd.store.root", dir.resolve("data").toString(),
                "thumbd.cache.disk.enabled", "false",
                // the alert sent below names no instance: about the whole pool
                "thumbd.degradation.fleet-alerts", "true"));
             HeadlessChromium browser = HeadlessChromium.start(dir.resolve("chromium"))) {
            server.seed("a.jpg", "photo-970x644.jpg");
            for (int w = 100; w < 110; w++) {
                assertThat(server.get("/v1/resize?src=a.jpg&fmt=webp&w=" + w).statusCode()).isEqualTo(200);
            }
            assertThat(server.get("/v1/resize?src=a.jpg&w=0").statusCode()).isEqualTo(400);
            server.send(server.request("/admin/degradation").header("Authorization", "Bearer test-token")
                    .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"alerts\":[{\"status\":\"firing\",\"fingerprint\":\"d\",\"labels\":{\"degradation\":"
                                    + "\"true\",\"level\":\"2\"}}]}")).build());

            // the page and its script are static, without data and without a token; the data needs one
            HttpResponse<byte[]> page = server.get("/admin/dashboard");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(ResizerHttpContract.header(page, "Content-Security-Policy")).contains("script-src 'self'");
            ResizerHttpContract.assertProblem(server.get("/admin/stats"), 401, "unauthorized");

            browser.open(server.uri("/admin/dashboard#token=test-token").toString());
            JsonNode state = null;
            for (int i = 0; i < 150; i++) {
                state = browser.run("return {state: document.body.dataset.state || '', cells: "
                        + "Number(document.body.dataset.cells || 0), level: document.getElementById('level').textContent,"
                        + " hash: location.hash, rows: document.querySelectorAll('#bottlenecks tbody tr').length,"
                        + " painted: (function () { var c = document.getElementById('heatmap');"
                        + " var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, n = 0;"
                        + " for (var i = 0; i < d.length; i += 4) { if (d[i] > 100 || d[i + 2] > 100) { n++; } }"
                        + " return n; })()};");
                if ("drawn".equals(state.path("state").asString("")) && state.path("cells").asInt() > 0
                        && "2".equals(state.path("level").asString(""))) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(state.path("state").asString("")).as(state.toString()).isEqualTo("drawn");
            assertThat(state.path("cells").asInt()).as("heat map cells with data").isGreaterThanOrEqualTo(3);
            assertThat(state.path("painted").asInt()).as("coloured heat map pixels").isGreaterThan(500);
            assertThat(state.path("level").asString("")).isEqualTo("2");
            assertThat(state.path("rows").asInt()).as("bottleneck rows").isGreaterThan(0);
            assertThat(state.path("hash").asString("")).as("the token leaves the address bar").isEmpty();

            byte[] png = browser.screenshot();
            assertThat(png).hasSizeGreaterThan(10_000);
            Path artifacts = Files.createDirectories(Path.of("target", "test-artifacts"));
            Files.write(artifacts.resolve("dashboard.png"), png);
        }
    }
}
