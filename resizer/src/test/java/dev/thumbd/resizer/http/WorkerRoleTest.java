package dev.thumbd.resizer.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.resizer.queue.RedisServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code thumbd.role=worker}: a resizer with no {@code /v1} API that consumes the Redis queue. An API node that takes
 * jobs in without rendering ({@code thumbd.jobs.enabled=false}) and a worker share a real {@code redis-server} and the
 * store; the worker answers 404 on every {@code /v1} path, renders every variant of the job the API node queued, and
 * serves health and metrics on its management port.
 */
class WorkerRoleTest {

    private static final String AUTH = "Authorization";
    private static final String TOKEN = "Bearer test-token";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private Map<String, Object> node(RedisServer redis, String name) {
        Map<String, Object> p = new HashMap<>();
        p.put("thumbd.store.root", dir.resolve("data").toString());
        p.put("thumbd.cache.disk.dir", dir.resolve(name + "-cache").toString());
        p.put("thumbd.cache.derivatives.enabled", "true");
        p.put("thumbd.jobs.queue", "redis");
        p.put("thumbd.jobs.redis-uri", redis.uri());
        p.put("thumbd.jobs.consumer", name);
        p.put("thumbd.jobs.variant-sets.thumbs", "widths=64,128&formats=webp,jpeg&fit=cover&h=64");
        return p;
    }

    private static double rendersDone(ResizerServer server) {
        String metrics = new String(server.management("/actuator/prometheus").body(), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("thumbd_jobs_renders_total\\{[^}]*outcome=\"done\"[^}]*\\} ([0-9.]+)")
                .matcher(metrics);
        assertThat(m.find()).as("the renders meter").isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void aWorkerServesNoAPIAndRendersWhatAnotherNodeQueuedThroughRedis() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            Map<String, Object> apiProps = node(redis, "api");
            apiProps.put("thumbd.jobs.enabled", "false");
            Map<String, Object> workerProps = node(redis, "worker");
            workerProps.put("thumbd.role", "worker");
            try (ResizerServer api = ResizerServer.start(apiProps);
                    ResizerServer worker = ResizerServer.start(workerProps)) {
                api.seed("photos/a.jpg", "photo-600x450.jpg");
                api.seed("photos/b.webp", "photo-550x368.webp");

                for (String path : new String[] {"/v1/resize?src=photos/a.jpg&w=64", "/v1/info?src=photos/a.jpg",
                        "/v1/jobs/0123456789abcdef0123456789abcdef", "/v1/images/photos/a.jpg", "/dashboard"}) {
                    assertThat(worker.get(path, AUTH, TOKEN).statusCode()).as(path).isEqualTo(404);
                }
                assertThat(worker.send(worker.request("/v1/jobs", AUTH, TOKEN).header("Content-Type",
                        "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"variantSet\":\"thumbs\",\"prefix\":\"photos/\"}")).build()).statusCode()).isEqualTo(404);
                assertThat(worker.management("/actuator/health").statusCode()).isEqualTo(200);

                HttpResponse<byte[]> r = api.send(api.request("/v1/jobs", AUTH, TOKEN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"variantSet\":\"thumbs\",\"prefix\":\"photos/\"}"))
                        .build());
                assertThat(r.statusCode()).as(ResizerHttpContract.text(r)).isEqualTo(202);
                String location = ResizerHttpContract.header(r, "Location");
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                JsonNode s = JSON.readTree(api.get(location, AUTH, TOKEN).body());
                while (s.path("queued").asInt() > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                    s = JSON.readTree(api.get(location, AUTH, TOKEN).body());
                }
                assertThat(s.path("state").asString()).isEqualTo("done");
                assertThat(s.path("done").asInt()).isEqualTo(8);
                assertThat(rendersDone(worker)).as("rendered by the worker").isEqualTo(8.0);
                assertThat(rendersDone(api)).as("the API node renders nothing in the background").isZero();
                // the worker's variants reach the shared store (L3, written in the background after each render)
                dev.thumbd.storage.ObjectStore store = api.bean(dev.thumbd.storage.ObjectStore.class);
                long stored = 0;
                while (stored < 8 && System.nanoTime() < deadline) {
                    stored = store.list("_derivatives/").count().block(Duration.ofSeconds(30));
                    Thread.sleep(50);
                }
                assertThat(stored).isEqualTo(8);
                // and the API node answers them from there, without a decode
                HttpResponse<byte[]> hit = api.get("/v1/resize?src=photos/a.jpg&w=128&h=128&fit=cover&fmt=webp");
                assertThat(hit.statusCode()).isEqualTo(200);
                assertThat(ResizerHttpContract.header(hit, "Server-Timing")).startsWith("cache;desc=l3");
            }
        }
    }
}
