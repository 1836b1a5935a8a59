package dev.thumbd.resizer.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.resizer.fixture.TestImages;
import dev.thumbd.resizer.jobs.WebhookSignature;
import dev.thumbd.resizer.testing.WebhookReceiver;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Completion notifications end to end: a job and an eager upload naming a URL under the allowed prefix are posted,
 * signed, to a real receiver once they end; a URL outside it is refused with a 400 before anything is queued or
 * stored; deliveries are counted on the metrics endpoint.
 */
class JobWebhooksHttpTest {

    private static final String AUTH = "Authorization";
    private static final String TOKEN = "Bearer test-token";
    private static final String SECRET = "an-http-test-secret-of-32-bytes-or-more";
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;
    private static WebhookReceiver receiver;
    private static ResizerServer server;

    @BeforeAll
    static void start() throws Exception {
        receiver = WebhookReceiver.start();
        server = ResizerServer.start(Map.of(
                "thumbd.store.root", dir.resolve("data").toString(),
                "thumbd.cache.disk.dir", dir.resolve("cache").toString(),
                "thumbd.jobs.variant-sets.thumbs", "widths=64,128&formats=webp&fit=cover&h=64",
                "thumbd.jobs.webhooks.allowed[0]", receiver.base() + "/hooks/",
                "thumbd.jobs.webhooks.allow-private", "true",
                "thumbd.jobs.webhooks.secret", SECRET));
        server.seed("photos/a.jpg", "photo-600x450.jpg");
        server.seed("photos/broken.jpg", "bad/corrupt-huffman-table.jpg");
    }

    @AfterAll
    static void stop() {
        server.close();
        receiver.close();
    }

    private static HttpResponse<byte[]> post(String body) {
        return server.send(server.request("/v1/jobs", AUTH, TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static JsonNode verified(WebhookReceiver.Received r) {
        assertThat(WebhookSignature.verify(SECRET, r.header("Thumbd-Signature"), r.body(), Instant.now(),
                Duration.ofMinutes(5))).as("signature").isTrue();
        return JSON.readTree(r.body());
    }

    @Test
    void aJobAndAnEagerUploadArePostedSignedWhenTheyEnd() throws Exception {
        HttpResponse<byte[]> r = post("{\"variantSet\":\"thumbs\",\"keys\":[\"photos/a.jpg\",\"photos/broken.jpg\"],"
                + "\"notificationUrl\":\"" + receiver.base() + "/hooks/jobs?tenant=7\"}");
        assertThat(r.statusCode()).as(ResizerHttpContract.text(r)).isEqualTo(202);
        String id = JSON.readTree(r.body()).path("id").asString();
        WebhookReceiver.Received job = Objects.requireNonNull(receiver.next(WAIT), "no notification");
        assertThat(job.path()).isEqualTo("/hooks/jobs");
        JsonNode body = verified(job);
        assertThat(body.path("event").asString()).isEqualTo("job.failed");
        assertThat(body.path("job").path("id").asString()).isEqualTo(id);
        assertThat(body.path("job").path("done").asInt()).isEqualTo(2);
        assertThat(body.path("job").path("failed").asInt()).isEqualTo(2);
        // the status the API gives agrees
        JsonNode status = JSON.readTree(server.get("/v1/jobs/" + id, AUTH, TOKEN).body());
        assertThat(status).isEqualTo(body.path("job"));

        HttpResponse<byte[]> up = server.send(server.request("/v1/images/up/a.jpg?eager=thumbs&notification_url="
                + URLEncoder.encode(receiver.base() + "/hooks/uploads", StandardCharsets.UTF_8), AUTH, TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(TestImages.bytes("photo-600x450.jpg"))).build());
        assertThat(up.statusCode()).as(ResizerHttpContract.text(up)).isEqualTo(201);
        WebhookReceiver.Received upload = Objects.requireNonNull(receiver.next(WAIT), "no notification");
        assertThat(upload.path()).isEqualTo("/hooks/uploads");
        assertThat(verified(upload).path("event").asString()).isEqualTo("job.done");
        assertThat(verified(upload).path("job").path("id").asString())
                .isEqualTo(JSON.readTree(up.body()).path("job").path("id").asString());

        // the sender counts a delivery once it has read the receiver's answer, just after the receiver saw the body
        assertThat(metricsOnceThey("thumbd_jobs_webhooks_total\\{[^}]*outcome=\"delivered\"[^}]*\\} 2\\.0"))
                .containsPattern("thumbd_jobs_webhooks_total\\{[^}]*outcome=\"delivered\"[^}]*\\} 2\\.0");
        assertThat(receiver.all()).hasSize(2);
    }

    /** The Prometheus page once it matches {@code pattern}, or as it is after 30 s. */
    private static String metricsOnceThey(String pattern) throws InterruptedException {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(pattern);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            String metrics = new String(server.management("/actuator/prometheus").body(), StandardCharsets.UTF_8);
            if (p.matcher(metrics).find() || System.nanoTime() > deadline) {
                return metrics;
            }
            Thread.sleep(50);
        }
    }

    @Test
    void aURLOutsideTheAllowedPrefixesIsRefusedBeforeAnythingIsQueuedOrStored() {
        for (String url : new String[] {"https://evil.example.net/hooks/", receiver.base() + "/elsewhere",
                receiver.base().replace("127.0.0.1", "localhost") + "/hooks/x", "file:///etc/passwd"}) {
            HttpResponse<byte[]> r = post("{\"variantSet\":\"thumbs\",\"keys\":[\"photos/a.jpg\"],\"notificationUrl\":\""
                    + url + "\"}");
            ResizerHttpContract.assertProblem(r, 400, "invalid-parameter");
        }
        ResizerHttpContract.assertProblem(post("{\"variantSet\":\"thumbs\",\"keys\":[\"photos/a.jpg\"],"
                + "\"notificationUrl\":7}"), 400, "invalid-parameter");
        HttpResponse<byte[]> up = server.send(server.request("/v1/images/up/b.jpg?eager=thumbs&notification_url="
                + URLEncoder.encode("https://evil.example.net/x", StandardCharsets.UTF_8), AUTH, TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(TestImages.bytes("photo-600x450.jpg"))).build());
        ResizerHttpContract.assertProblem(up, 400, "invalid-parameter");
        assertThat(server.get("/v1/resize?src=up/b.jpg&w=20").statusCode()).as("nothing stored").isEqualTo(404);
        // without eager= there is nothing to notify of
        ResizerHttpContract.assertProblem(server.send(server.request("/v1/images/up/c.jpg?notification_url="
                + URLEncoder.encode(receiver.base() + "/hooks/x", StandardCharsets.UTF_8), AUTH, TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(TestImages.bytes("photo-600x450.jpg"))).build()), 400,
                "invalid-parameter");
    }
}
