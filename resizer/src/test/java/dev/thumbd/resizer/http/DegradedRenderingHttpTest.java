package dev.thumbd.resizer.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Degradation levels 1 and 2 over HTTP, driven by Alertmanager's webhook: cheaper encodes and WebP for negotiated
 * AVIF (level 1), nearby cached widths and capped sizes (level 2), each with a short max-age and its own ETag, and the
 * real thumbnails again once the level is back to 0.
 */
class DegradedRenderingHttpTest {

    private static final String ACCEPT_AVIF = "image/avif,image/webp,*/*";

    @TempDir
    Path dir;

    @Test
    void levelsOneAndTwoCheapenMissesAndTheRealThumbnailsComeBack() {
        try (ResizerServer server = ResizerServer.start(Map.of(
                "thumbd.store.root", dir.resolve("data").toString(),
                "thumbd.cache.disk.dir", dir.resolve("cache").toString(),
                "thumbd.degradation.max-dimension", "200",
                // the alerts sent here name no instance: about the whole pool
                "thumbd.degradation.fleet-alerts", "true"))) {
            server.seed("deg.jpg", "photo-970x644.jpg");
            HttpResponse<byte[]> w640 = server.get("/v1/resize?src=deg.jpg&w=640&fmt=webp");
            assertThat(w640.statusCode()).isEqualTo(200);
            assertThat(ResizerHttpContract.header(w640, "Cache-Control")).startsWith("public, max-age=86400, s-maxage=604800");

            // level 1: cheaper encodes, WebP for a negotiated AVIF, explicit AVIF stays AVIF
            webhook(server, "firing", 1);
            HttpResponse<byte[]> economy = server.get("/v1/resize?src=deg.jpg&w=300&fmt=webp");
            assertDegraded(economy, "economy");
            assertThat(ResizerHttpContract.probe(economy.body()).width()).isEqualTo(300);
            HttpResponse<byte[]> again = server.get("/v1/resize?src=deg.jpg&w=300&fmt=webp");
            assertThat(ResizerHttpContract.header(again, "Server-Timing")).startsWith("cache;desc=l1");
            assertThat(again.body()).isEqualTo(economy.body());
            assertDegraded(again, "economy");

            HttpResponse<byte[]> negotiated = server.send(server.request("/v1/resize?src=deg.jpg&w=200")
                    .header("Accept", ACCEPT_AVIF).GET().build());
            assertDegraded(negotiated, "webp-for-avif");
            assertThat(ResizerHttpContract.header(negotiated, "Content-Type")).isEqualTo("image/webp");
            HttpResponse<byte[]> explicit = server.get("/v1/resize?src=deg.jpg&w=200&fmt=avif");
            assertThat(ResizerHttpContract.header(explicit, "Content-Type")).isEqualTo("image/avif");
            assertDegraded(explicit, "economy");

            // level 2: the nearest larger cached width stands in; sizes over the cap are made at the cap
            webhook(server, "firing", 2);
            HttpResponse<byte[]> nearest = server.get("/v1/resize?src=deg.jpg&w=500&fmt=webp");
            assertDegraded(nearest, "nearest");
            assertThat(nearest.body()).isEqualTo(w640.body());
            HttpResponse<byte[]> capped = server.get("/v1/resize?src=deg.jpg&w=400&fmt=jpeg");
            assertDegraded(capped, "capped");
            assertThat(ResizerHttpContract.probe(capped.body()).width()).isEqualTo(200);
            assertThat(ResizerHttpContract.probe(capped.body()).height()).isEqualTo(133);

            assertThat(ResizerHttpContract.text(server.management("/actuator/prometheus")))
                    .containsPattern("thumbd_degraded_total\\{[^}]*how=\"economy\"[^}]*} [1-9]")
                    .containsPattern("thumbd_degraded_total\\{[^}]*how=\"webp-for-avif\"[^}]*} [1-9]")
                    .containsPattern("thumbd_degraded_total\\{[^}]*how=\"nearest\"[^}]*} [1-9]")
                    .containsPattern("thumbd_degraded_total\\{[^}]*how=\"capped\"[^}]*} [1-9]");

            // back to 0: every one of them is made for real, under another ETag, cacheable for long
            webhook(server, "resolved", 2);
            for (String url : new String[] {"/v1/resize?src=deg.jpg&w=300&fmt=webp",
                    "/v1/resize?src=deg.jpg&w=500&fmt=webp", "/v1/resize?src=deg.jpg&w=400&fmt=jpeg",
                    "/v1/resize?src=deg.jpg&w=200&fmt=avif"}) {
                HttpResponse<byte[]> real = server.get(url);
                assertThat(real.statusCode()).as(url).isEqualTo(200);
                assertThat(ResizerHttpContract.header(real, "Server-Timing")).as(url)
                        .startsWith("cache;desc=miss").doesNotContain("substitute");
                assertThat(ResizerHttpContract.header(real, "Cache-Control")).as(url)
                        .startsWith("public, max-age=86400, s-maxage=604800");
            }
            HttpResponse<byte[]> realEconomy = server.get("/v1/resize?src=deg.jpg&w=300&fmt=webp");
            assertThat(ResizerHttpContract.header(realEconomy, "ETag"))
                    .isNotEqualTo(ResizerHttpContract.header(economy, "ETag"));
            assertThat(ResizerHttpContract.probe(server.get("/v1/resize?src=deg.jpg&w=400&fmt=jpeg").body()).width())
                    .isEqualTo(400);
            HttpResponse<byte[]> avif = server.send(server.request("/v1/resize?src=deg.jpg&w=200")
                    .header("Accept", ACCEPT_AVIF).GET().build());
            assertThat(ResizerHttpContract.header(avif, "Content-Type")).isEqualTo("image/avif");
        }
    }

    private static void assertDegraded(HttpResponse<byte[]> r, String how) {
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(ResizerHttpContract.header(r, "Server-Timing")).contains("substitute;desc=" + how);
        assertThat(ResizerHttpContract.header(r, "Cache-Control")).isEqualTo("public, max-age=60");
    }

    private static void webhook(ResizerServer server, String status, int level) {
        String body = "{\"status\":\"" + status + "\",\"alerts\":[{\"status\":\"" + status + "\",\"fingerprint\":\"hot\","
                + "\"labels\":{\"alertname\":\"ThumbdHot\",\"degradation\":\"true\",\"level\":\"" + level + "\"}}]}";
        HttpResponse<byte[]> r = server.send(server.request("/admin/degradation")
                .header("Authorization", "Bearer test-token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(ResizerHttpContract.text(r)).contains("\"level\":" + ("firing".equals(status) ? level : 0));
    }
}
