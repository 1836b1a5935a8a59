package dev.thumbd.resizer.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Load shedding, deadlines and the disk cache level over HTTP, each with a server configured for it. */
class AdmissionHttpTest {

    @TempDir
    Path dir;

    @Test
    void aSaturatedPoolShedsWith503AndRetryAfterNever500() {
        try (ResizerServer server = ResizerServer.start(Map.of(
                "thumbd.store.root", dir.resolve("data").toString(),
                "thumbd.cache.disk.enabled", "false",
                "thumbd.admission.workers", "1",
                "thumbd.admission.queue", "1",
                "thumbd.admission.retry-after", "3s"))) {
            server.seed("big.jpg", "photo-p3-orientation6-4032x3024.jpg");
            List<CompletableFuture<HttpResponse<byte[]>>> calls = new ArrayList<>();
            for (int w = 100; w < 116; w++) {
                calls.add(server.sendAsync(server.request("/v1/resize?src=big.jpg&fmt=jpeg&w=" + w).GET().build()));
            }
            List<HttpResponse<byte[]>> responses = calls.stream().map(CompletableFuture::join).toList();
            List<Integer> statuses = responses.stream().map(HttpResponse::statusCode).toList();
            assertThat(statuses).containsOnly(200, 503).contains(200, 503);
            HttpResponse<byte[]> shed = responses.stream().filter(r -> r.statusCode() == 503).findFirst().orElseThrow();
            ResizerHttpContract.assertProblem(shed, 503, "overloaded");
            assertThat(ResizerHttpContract.header(shed, "Retry-After")).isEqualTo("3");
            assertThat(ResizerHttpContract.header(shed, "Cache-Control")).isEqualTo("no-store");
        }
    }

    /**
     * An attacker who knows many distinct large originals asks for all of them at once, so that each waits for the one
     * worker with its original in memory. The originals held are bounded by their share (here 3 MB: a few of these
     * photos): the rest are refused 503 overloaded before they are read, never a 500, and the bound held throughout.
     */
    @Test
    void manyDistinctLargeOriginalsAtOnceAreHeldWithinTheirShare() {
        try (ResizerServer server = ResizerServer.start(Map.of(
                "thumbd.store.root", dir.resolve("data").toString(),
                "thumbd.cache.disk.enabled", "false",
                "thumbd.admission.workers", "1",
                "thumbd.memory.originals", "3MB"))) {
            int n = 12;
            for (int i = 0; i < n; i++) {
                server.seed("photo-" + i + ".jpg", "photo-p3-orientation6-4032x3024.jpg");
            }
            long one = dev.thumbd.resizer.fixture.TestImages.bytes("photo-p3-orientation6-4032x3024.jpg").length;
            List<CompletableFuture<HttpResponse<byte[]>>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                calls.add(server.sendAsync(server.request("/v1/resize?src=photo-" + i + ".jpg&w=200").GET().build()));
            }
            List<HttpResponse<byte[]>> responses = calls.stream().map(CompletableFuture::join).toList();
            assertThat(responses.stream().map(HttpResponse::statusCode).toList()).containsOnly(200, 503).contains(200,
                    503);
            HttpResponse<byte[]> refused = responses.stream().filter(r -> r.statusCode() == 503).findFirst()
                    .orElseThrow();
            ResizerHttpContract.assertProblem(refused, 503, "overloaded");
            assertThat(new String(refused.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("originals");
            dev.thumbd.resizer.source.HeldOriginals held = server.bean(dev.thumbd.resizer.source.SourceLoader.class)
                    .held();
            assertThat(held.peak()).as("bytes of originals held at once, %d each", one)
                    .isLessThanOrEqualTo(Math.max(held.capacity(), one)).isGreaterThanOrEqualTo(one);
            assertThat(held.used()).as("every original let go").isZero();
        }
    }

    /**
     * A stored original over the source limit (put there before the limit was lowered, or by another writer) is
     * refused 413 without being read: its content stream is cancelled at once, and the server goes on serving.
     */
    @Test
    void aStoredOriginalOverTheSourceLimitIs413AndTheServerGoesOn() {
        try (ResizerServer server = ResizerServer.start(Map.of(
                "thumbd.store.root", dir.resolve("data").toString(),
                "thumbd.cache.disk.enabled", "false",
                "thumbd.limits.max-source-size", "200KB"))) {
            server.seed("big.jpg", "photo-p3-orientation6-4032x3024.jpg");
            server.seed("small.jpg", "photo-600x450.jpg");
            for (int i = 0; i < 3; i++) {
                ResizerHttpContract.assertProblem(server.get("/v1/resize?src=big.jpg&w=" + (100 + i)), 413,
                        "source-too-large");
            }
            assertThat(server.get("/v1/resize?src=small.jpg&w=100").statusCode()).isEqualTo(200);
            assertThat(server.bean(dev.thumbd.resizer.source.SourceLoader.class).held().used()).isZero();
        }
    }

    @Test
    void aMissPastItsDeadlineIs504() {
        try (ResizerServer server = ResizerServer.start(Map.of(
                "thumbd.store.root", dir.resolve("data").toString(),
                "thumbd.cache.disk.enabled", "false",
                "thumbd.admission.deadline", "1us"))) {
            server.seed("big.jpg", "photo-p3-orientation6-4032x3024.jpg");
            // a render not begun within half the deadline is shed as 503 (a race with the 1 us timer on a busy box);
            // lifted here so the one answer left is the deadline's
            server.bean(dev.thumbd.resizer.admission.WorkerPool.class).refuseAfterQueueWait(java.time.Duration.ofDays(1));
            ResizerHttpContract.assertProblem(server.get("/v1/resize?src=big.jpg&w=100"), 504, "deadline-exceeded");
        }
    }

    @Test
    void theDiskLevelAnswersWhenMemoryCannotAndSurvivesARestart() {
        Map<String, Object> config = Map.of(
                "thumbd.store.root", dir.resolve("data").toString(),
                "thumbd.cache.disk.dir", dir.resolve("cache").toString(),
                "thumbd.cache.memory-max-size", "1B",
                "thumbd.cache.disk.promote-max-size", "1B");
        String url = "/v1/resize?src=j2.jpg&w=150&fmt=webp";
        byte[] body;
        String etag;
        try (ResizerServer server = ResizerServer.start(config)) {
            server.seed("j2.jpg", "photo-970x644.jpg");
            HttpResponse<byte[]> miss = server.get(url);
            body = miss.body();
            etag = ResizerHttpContract.header(miss, "ETag");
        }
        try (ResizerServer restarted = ResizerServer.start(config)) {
            HttpResponse<byte[]> hit = restarted.get(url);
            assertThat(hit.statusCode()).isEqualTo(200);
            assertThat(ResizerHttpContract.header(hit, "Server-Timing")).startsWith("cache;desc=l2");
            assertThat(ResizerHttpContract.header(hit, "Content-Type")).isEqualTo("image/webp");
            assertThat(ResizerHttpContract.header(hit, "ETag")).isEqualTo(etag);
            assertThat(hit.body()).isEqualTo(body);
        }
    }

    private static String alert(String status, int level) {
        return "{\"status\":\"" + status + "\",\"alerts\":[{\"status\":\"" + status + "\",\"fingerprint\":\"f1\","
                + "\"labels\":{\"alertname\":\"ThumbdAdmissionSaturated\",\"degradation\":\"true\",\"level\":\""
                + level + "\",\"instance\":\"resizer-1:8082\"}},{\"status\":\"firing\",\"fingerprint\":\"f2\",\"labels\":{\"alertname\":\"Other\"}}]}";
    }

    @Test
    void alertmanagerWebhookDegradesAndRestoresTheService() {
        try (ResizerServer server = ResizerServer.start(Map.of(
                "thumbd.store.root", dir.resolve("data").toString(),
                "thumbd.cache.disk.enabled", "false",
                "thumbd.degradation.instance", "resizer-1:8082"))) {
            server.seed("deg.jpg", "photo-600x450.jpg");
            assertThat(server.get("/v1/resize?src=deg.jpg&w=40&fmt=jpeg").statusCode()).isEqualTo(200);
            java.util.function.Function<String, java.net.http.HttpRequest> hook = body -> server.request("/admin/degradation")
                    .header("Authorization", "Bearer test-token").header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
            ResizerHttpContract.assertProblem(server.send(server.request("/admin/degradation")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(alert("firing", 3))).build()), 401, "unauthorized");

            ResizerHttpContract.assertProblem(server.send(hook.apply("")), 400, "invalid-parameter");
            ResizerHttpContract.assertProblem(server.send(hook.apply("{\"alerts\":\"x\"}")), 400, "invalid-parameter");
            ResizerHttpContract.assertProblem(server.send(hook.apply("[1,2]")), 400, "invalid-parameter");
            ResizerHttpContract.assertProblem(server.send(hook.apply("{not json")), 400, "invalid-parameter");
            String aboutAnother = alert("firing", 4).replace("resizer-1:8082", "resizer-2:8082");
            assertThat(ResizerHttpContract.text(server.send(hook.apply(aboutAnother)))).contains("\"level\":0");
            // about no instance: the whole pool, which moves no replica unless thumbd.degradation.fleet-alerts is on
            String aboutNoOne = alert("firing", 4).replace(",\"instance\":\"resizer-1:8082\"", "");
            assertThat(ResizerHttpContract.text(server.send(hook.apply(aboutNoOne)))).contains("\"level\":0");
            assertThat(ResizerHttpContract.text(server.send(hook.apply(alert("firing", 3))))).contains("\"level\":3");
            ResizerHttpContract.assertProblem(server.get("/v1/info?src=deg.jpg"), 503, "overloaded");
            assertThat(server.get("/v1/resize?src=deg.jpg&w=41&fmt=jpeg").statusCode()).isEqualTo(200);   // renders go on

            server.send(hook.apply(alert("firing", 4)));
            assertThat(server.get("/v1/resize?src=deg.jpg&w=40&fmt=jpeg").statusCode()).isEqualTo(200);  // a cache hit
            ResizerHttpContract.assertProblem(server.get("/v1/resize?src=deg.jpg&w=42&fmt=jpeg"), 503, "overloaded");
            assertThat(server.management("/actuator/health/readiness").statusCode()).isEqualTo(200);       // still ready
            assertThat(ResizerHttpContract.text(server.management("/actuator/prometheus")))
                    .containsPattern("thumbd_degradation_level\\{[^}]*} 4\\.0");

            assertThat(ResizerHttpContract.text(server.send(hook.apply(alert("resolved", 4))))).contains("\"level\":0");
            assertThat(server.get("/v1/resize?src=deg.jpg&w=42&fmt=jpeg").statusCode()).isEqualTo(200);
            assertThat(server.get("/v1/info?src=deg.jpg").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aNegotiatedAvifWhileTheWorkersAreBusyIsAWebpForNowAndTheAvifLater() throws Exception {
        try (ResizerServer server = ResizerServer.start(Map.of(
                "thumbd.store.root", dir.resolve("data").toString(),
                "thumbd.cache.disk.enabled", "false",
                "thumbd.admission.workers", "1",
                "thumbd.admission.queue", "16"))) {
            server.seed("busy.jpg", "photo-p3-orientation6-4032x3024.jpg");
            server.seed("small.jpg", "photo-600x450.jpg");
            String accept = "image/avif,image/webp,*/*";
            List<CompletableFuture<HttpResponse<byte[]>>> load = new ArrayList<>();
            for (int w = 400; w < 405; w++) {
                load.add(server.sendAsync(server.request("/v1/resize?src=busy.jpg&fmt=png&w=" + w).GET().build()));
            }
            // wait until one render runs and others queue behind it
            for (int i = 0; i < 200 && !ResizerHttpContract.text(server.management("/actuator/prometheus"))
                    .matches("(?s).*\\nthumbd_admission_queue\\{[^}]*} [1-9].*"); i++) {
                Thread.sleep(20);
            }
            HttpResponse<byte[]> now = server.get("/v1/resize?src=small.jpg&w=120&fmt=auto", "Accept", accept);
            assertThat(now.statusCode()).isEqualTo(200);
            assertThat(ResizerHttpContract.header(now, "Content-Type")).isEqualTo("image/webp");
            assertThat(ResizerHttpContract.header(now, "Cache-Control")).isEqualTo("public, max-age=60");
            assertThat(ResizerHttpContract.header(now, "Vary")).isEqualTo("Accept");
            assertThat(ResizerHttpContract.header(now, "Server-Timing")).contains("substitute;desc=webp-for-avif");
            // an explicit fmt=avif is never changed, busy or not
            assertThat(ResizerHttpContract.header(server.get("/v1/resize?src=small.jpg&w=121&fmt=avif"), "Content-Type"))
                    .isEqualTo("image/avif");
            load.forEach(CompletableFuture::join);
            // the AVIF was made in the background: once the pool is free the same request gets it, long-lived
            HttpResponse<byte[]> later = null;
            for (int i = 0; i < 100; i++) {
                later = server.get("/v1/resize?src=small.jpg&w=120&fmt=auto", "Accept", accept);
                if ("image/avif".equals(ResizerHttpContract.header(later, "Content-Type"))) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(ResizerHttpContract.header(later, "Content-Type")).isEqualTo("image/avif");
            assertThat(ResizerHttpContract.header(later, "Cache-Control")).startsWith("public, max-age=86400, s-maxage=604800");
            assertThat(ResizerHttpContract.text(server.management("/actuator/prometheus")))
                    .containsPattern("thumbd_avif_deferred_total\\{[^}]*} 1\\.0");
        }
    }
}
