package dev.thumbd.resizer.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.resizer.fixture.TestImages;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP contract with the embedded default: filesystem store, L1 and L2 caches. */
class FileSystemResizerHttpTest extends ResizerHttpContract {

    @TempDir
    static Path dir;
    private static ResizerServer server;

    @BeforeAll
    static void start() {
        server = ResizerServer.start(Map.of(
                "thumbd.store.root", dir.resolve("data").toString(),
                "thumbd.cache.disk.dir", dir.resolve("cache").toString(),
                "thumbd.presets.avatar", "w=64&h=64&fit=cover&fmt=png"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Override
    ResizerServer server() {
        return server;
    }

    @Test
    void presetsComeFromConfiguration() {
        server.seed("fs/preset.jpg", "photo-970x644.jpg");
        var r = server.get("/v1/resize?preset=avatar&src=fs/preset.jpg");
        assertThat(r.statusCode()).isEqualTo(200);
        var h = probe(r.body());
        assertThat(h.format()).isEqualTo(dev.thumbd.spec.ImageFormat.PNG);
        assertThat(h.width()).isEqualTo(64);
        assertThat(h.height()).isEqualTo(64);
        assertProblem(server.get("/v1/resize?preset=nope&src=fs/preset.jpg"), 400, "invalid-parameter");
    }

    @Test
    void purgeForgetsDerivativesAndNeedsTheWriteToken() {
        server.seed("fs/purge.jpg", "photo-600x450.jpg");
        assertThat(server.get("/v1/resize?src=fs/purge.jpg&w=40&fmt=jpeg").statusCode()).isEqualTo(200);
        assertThat(ResizerHttpContract.header(server.get("/v1/resize?src=fs/purge.jpg&w=40&fmt=jpeg"), "Server-Timing"))
                .startsWith("cache;desc=l1");
        HttpRequest.Builder purge = server.request("/v1/purge?src=fs/purge.jpg")
                .POST(HttpRequest.BodyPublishers.noBody());
        ResizerHttpContract.assertProblem(server.send(purge.copy().build()), 401, "unauthorized");
        assertThat(server.send(purge.copy().header("Authorization", "Bearer test-token").build()).statusCode())
                .isEqualTo(204);
        assertThat(ResizerHttpContract.header(server.get("/v1/resize?src=fs/purge.jpg&w=40&fmt=jpeg"), "Server-Timing"))
                .doesNotStartWith("cache;desc=l1");
        ResizerHttpContract.assertProblem(server.get("/v1/purge?src=fs/purge.jpg"), 405, "method-not-allowed");
        ResizerHttpContract.assertProblem(server.send(server.request("/v1/purge?src=../x")
                .header("Authorization", "Bearer test-token").POST(HttpRequest.BodyPublishers.noBody())
                .build()), 400, "invalid-parameter");
    }

    /**
     * An overwrite that lands while a thumbnail of the old original is being made: the request that was waiting gets
     * that thumbnail, but no cache level keeps it, so the next request is made from the new original.
     */
    @Test
    void aThumbnailMadeWhileItsOriginalIsOverwrittenIsNotKept() throws Exception {
        server.seed("fs/overwritten.jpg", "photo-p3-orientation6-4032x3024.jpg");
        String url = "/v1/resize?src=fs/overwritten.jpg&w=1600&fmt=webp";
        var pending = server.sendAsync(server.request(url).GET().build());
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        // a busy worker means the old original has been read and is being rendered
        while (!text(server.management("/actuator/prometheus")).matches("(?s).*\\nthumbd_admission_active\\{[^}]*} [1-9].*")) {
            assertThat(pending).as("the render ended before it could be overwritten").isNotDone();
            assertThat(System.nanoTime()).as("no worker took the render").isLessThan(deadline);
            Thread.sleep(5);
        }
        HttpResponse<byte[]> put = server.send(server.request("/v1/images/fs/overwritten.jpg")
                .header("Authorization", "Bearer test-token")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(TestImages.bytes("photo-600x450.jpg"))).build());
        assertThat(put.statusCode()).isEqualTo(200);
        HttpResponse<byte[]> old = pending.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(old.statusCode()).isEqualTo(200);

        HttpResponse<byte[]> next = server.get(url);
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(ResizerHttpContract.header(next, "Server-Timing")).doesNotStartWith("cache;desc=l");
        assertThat(ResizerHttpContract.header(next, "ETag")).isNotEqualTo(ResizerHttpContract.header(old, "ETag"));
    }

    @Test
    void bottlenecksRankTheStagesOfRecentRenders() {
        server.seed("fs/bottleneck.jpg", "photo-600x450.jpg");
        assertThat(server.get("/v1/resize?src=fs/bottleneck.jpg&w=64&fmt=webp").statusCode()).isEqualTo(200);
        ResizerHttpContract.assertProblem(server.get("/admin/bottlenecks"), 401, "unauthorized");
        HttpResponse<byte[]> r = server.get("/admin/bottlenecks", "Authorization", "Bearer test-token");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(text(r)).contains("\"windowSeconds\":10").contains("\"stage\":\"decode\"")
                .contains("\"stage\":\"encode\"").contains("\"persistent\":").contains("\"suggestion\":");
    }

    @Test
    void twoSizesOfOneOriginalShareOneDecode() {
        server.seed("fs/decode-once.jpg", "photo-p3-orientation6-4032x3024.jpg");
        // both sizes decode the 12 MP photo at 1/4 (shrink-on-load keeps at least twice the target)
        assertThat(server.get("/v1/resize?src=fs/decode-once.jpg&w=300&fmt=jpeg").statusCode()).isEqualTo(200);
        HttpResponse<byte[]> second = server.get("/v1/resize?src=fs/decode-once.jpg&w=320&fmt=jpeg");
        assertThat(second.statusCode()).isEqualTo(200);
        String metrics = text(server.management("/actuator/prometheus"));
        assertThat(metrics).containsPattern("thumbd_coalesced_total\\{[^}]*what=\"decode\"[^}]*} [1-9]");
    }

    @Test
    void healthAndCacheMetricsAreExposed() {
        server.seed("fs/metrics.jpg", "photo-600x450.jpg");
        server.get("/v1/resize?src=fs/metrics.jpg&w=50&fmt=jpeg");
        server.get("/v1/resize?src=fs/metrics.jpg&w=50&fmt=jpeg");
        assertThat(server.management("/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(server.management("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertProblem(server.get("/actuator/health"), 404, "not-found");   // not on the API port
        String metrics = text(server.management("/actuator/prometheus"));
        assertThat(metrics).containsPattern("thumbd_cache_lookups_total\\{[^}]*level=\"l1\",[^}]*result=\"hit\"[^}]*} [1-9]")
                .contains("thumbd_stage_seconds_bucket").contains("thumbd_admission_queue")
                .contains("thumbd_cache_bytes{")
                .containsPattern("thumbd_stage_seconds_count\\{[^}]*stage=\"fetch\"[^}]*} [1-9]")
                .containsPattern("thumbd_stage_seconds_count\\{[^}]*stage=\"l2-read\"[^}]*} [1-9]")
                .containsPattern("thumbd_codec_available\\{[^}]*format=\"jpeg\",op=\"encode\"[^}]*} 1\\.0")
                .containsPattern("thumbd_codec_native\\{[^}]*format=\"jpeg\",op=\"decode\"[^}]*} [01]\\.0");
    }

    @Test
    void requestsAreCountedByRouteAndFinalStatus() {
        server.seed("fs/requests.jpg", "photo-600x450.jpg");
        HttpResponse<byte[]> ok = server.get("/v1/resize?src=fs/requests.jpg&w=60&fmt=jpeg");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("X-Trace-Id")).as("untraced: no agent attached").isEmpty();
        assertProblem(server.get("/v1/resize?src=fs/requests.jpg&w=0"), 400, "invalid-parameter");
        assertProblem(server.get("/v1/resize?src=fs/absent.jpg&w=60"), 404, "source-not-found");
        // a method a client made up is one tag value, not one per spelling
        for (String made : new String[] {"BREW", "WHEN"}) {
            assertThat(server.send(server.request("/v1/resize?src=fs/requests.jpg&w=60")
                    .method(made, HttpRequest.BodyPublishers.noBody()).build()).statusCode()).isBetween(400, 499);
        }
        String metrics = text(server.management("/actuator/prometheus"));
        // the status the problem handler answered with, on the route pattern, never the raw path
        assertThat(metrics)
                .containsPattern("http_server_requests_seconds_count\\{[^}]*outcome=\"SUCCESS\",status=\"200\","
                        + "uri=\"/v1/resize\"} [1-9]")
                .containsPattern("http_server_requests_seconds_count\\{[^}]*outcome=\"CLIENT_ERROR\",status=\"400\","
                        + "uri=\"/v1/resize\"} [1-9]")
                .containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"404\",uri=\"/v1/resize\"} [1-9]")
                .containsPattern("http_server_requests_seconds_bucket\\{[^}]*status=\"200\",uri=\"/v1/resize\"")
                .containsPattern("http_server_requests_seconds_count\\{[^}]*method=\"UNKNOWN\",[^}]*} 2(\\.0)?\\s")
                .doesNotContain("BREW").doesNotContain("WHEN")
                .doesNotContain("fs/requests.jpg").doesNotContain("fs/absent.jpg");
    }
}
