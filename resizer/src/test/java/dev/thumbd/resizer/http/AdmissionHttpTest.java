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
            server.seed("big.jpg", "j6-iphonexs-4032x3024.jpg");
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

    @Test
    void aMissPastItsDeadlineIs504() {
        try (ResizerServer server = ResizerServer.start(Map.of(
                "thumbd.store.root", dir.resolve("data").toString(),
                "thumbd.cache.disk.enabled", "false",
                "thumbd.admission.deadline", "1us"))) {
            server.seed("big.jpg", "j6-iphonexs-4032x3024.jpg");
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
            server.seed("j2.jpg", "j2-field-970x644.jpg");
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
}
