package dev.thumbd.resizer.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.resizer.fixture.TestImages;
import dev.thumbd.resizer.pipeline.SharedDecodes;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Background renders end to end on one resizer with the embedded queue: a backfill over a prefix and an upload with
 * {@code eager=} render every variant of their set in the background, so that the first request for each is an L1
 * hit with no decode; a failed variant carries its problem; jobs are idempotent; bad input gets a problem.
 */
class JobsHttpTest {

    private static final String AUTH = "Authorization";
    private static final String TOKEN = "Bearer test-token";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;
    private static ResizerServer server;

    @BeforeAll
    static void start() {
        server = ResizerServer.start(Map.of(
                "thumbd.store.root", dir.resolve("data").toString(),
                "thumbd.cache.disk.dir", dir.resolve("cache").toString(),
                "thumbd.jobs.variant-sets.thumbs", "widths=64,128&formats=webp,jpeg&fit=cover&h=64",
                "thumbd.jobs.variant-sets.avatar", "widths=32&formats=avif",
                "thumbd.jobs.eager-by-prefix.events/", "thumbs"));
        server.seed("photos/a.jpg", "photo-600x450.jpg");
        server.seed("photos/b.jpg", "photo-600x450.jpg");
        server.seed("photos/sub/c.webp", "photo-550x368.webp");
        server.seed("photos/broken.jpg", "bad/corrupt-huffman-table.jpg");
        server.seed("other/d.jpg", "photo-600x450.jpg");
        server.seed("events/e.jpg", "photo-600x450.jpg");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<byte[]> post(String path, String body, String... headers) {
        HttpRequest.Builder b = server.request(path, headers).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        return server.send(b.build());
    }

    private static JsonNode json(HttpResponse<byte[]> r) {
        return JSON.readTree(r.body());
    }

    /** Polls the job until nothing of it is queued (the test's own wait; no timing is asserted). */
    private static JsonNode finished(String location) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            HttpResponse<byte[]> r = server.get(location, AUTH, TOKEN);
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode s = json(r);
            if (s.path("queued").asInt() == 0 || System.nanoTime() > deadline) {
                return s;
            }
            Thread.sleep(100);
        }
    }

    @Test
    void aBackfillRendersEveryVariantOfAPrefixSoThatTheFirstRequestIsAnL1Hit() throws Exception {
        HttpResponse<byte[]> r = post("/v1/jobs", "{\"variantSet\":\"thumbs\",\"prefix\":\"photos/\"}", AUTH, TOKEN);
        assertThat(r.statusCode()).as(ResizerHttpContract.text(r)).isEqualTo(202);
        String location = ResizerHttpContract.header(r, "Location");
        assertThat(location).matches("/v1/jobs/[0-9a-f]{32}");
        assertThat(json(r).path("total").asInt()).isEqualTo(4 * 4);

        JsonNode s = finished(location);
        assertThat(s.path("state").asString()).isEqualTo("failed");
        assertThat(s.path("done").asInt()).isEqualTo(12);
        assertThat(s.path("failed").asInt()).isEqualTo(4);
        for (JsonNode f : s.path("failures")) {
            assertThat(f.path("key").asString()).isEqualTo("photos/broken.jpg");
            assertThat(f.path("problem").path("type").asString()).isEqualTo("https://thumbd.dev/problems/corrupt-image");
            assertThat(f.path("problem").path("status").asInt()).isEqualTo(422);
            assertThat(f.path("variant").asString()).startsWith("/v1/resize?");
        }

        SharedDecodes decodes = server.bean(SharedDecodes.class);
        long before = decodes.decodes();
        List<String> urls = new ArrayList<>();
        for (String key : List.of("photos/a.jpg", "photos/b.jpg", "photos/sub/c.webp")) {
            for (String fmt : List.of("webp", "jpeg")) {
                for (int w : List.of(64, 128)) {
                    urls.add("/v1/resize?src=" + key + "&w=" + w + "&h=" + (w == 64 ? 64 : 128) + "&fit=cover&fmt=" + fmt);
                }
            }
        }
        for (String url : urls) {
            HttpResponse<byte[]> hit = server.get(url);
            assertThat(hit.statusCode()).as(url).isEqualTo(200);
            assertThat(ResizerHttpContract.header(hit, "Server-Timing")).as(url).startsWith("cache;desc=l1");
        }
        assertThat(decodes.decodes()).as("decodes for the first requests after the job").isEqualTo(before);

        // the same job again: the same id, nothing queued again
        HttpResponse<byte[]> again = post("/v1/jobs", "{\"prefix\":\"photos/\",\"variantSet\":\"thumbs\"}", AUTH, TOKEN);
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(ResizerHttpContract.header(again, "Location")).isEqualTo(location);
        assertThat(json(again).path("done").asInt()).isEqualTo(12);
    }

    @Test
    void anUploadWithEagerQueuesItsSetAndLinksToTheJob() throws Exception {
        byte[] photo = TestImages.bytes("photo-600x450.jpg");
        HttpResponse<byte[]> up = server.send(server.request("/v1/images/up/new.jpg?eager=thumbs", AUTH, TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(photo)).build());
        assertThat(up.statusCode()).as(ResizerHttpContract.text(up)).isEqualTo(201);
        String href = json(up).path("job").path("href").asString();
        assertThat(ResizerHttpContract.header(up, "Link")).isEqualTo("<" + href + ">; rel=\"monitor\"");
        JsonNode s = finished(href);
        assertThat(s.path("state").asString()).isEqualTo("done");
        assertThat(s.path("done").asInt()).isEqualTo(4);
        SharedDecodes decodes = server.bean(SharedDecodes.class);
        long before = decodes.decodes();
        HttpResponse<byte[]> hit = server.get("/v1/resize?src=up/new.jpg&w=128&h=128&fit=cover&fmt=webp");
        assertThat(ResizerHttpContract.header(hit, "Server-Timing")).startsWith("cache;desc=l1");
        assertThat(decodes.decodes()).isEqualTo(before);

        // an overwrite is another version: another job
        HttpResponse<byte[]> over = server.send(server.request("/v1/images/up/new.jpg?eager=thumbs", AUTH, TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(TestImages.bytes("photo-550x368.webp"))).build());
        assertThat(over.statusCode()).isEqualTo(200);
        assertThat(json(over).path("job").path("href").asString()).isNotEqualTo(href);
        assertThat(finished(json(over).path("job").path("href").asString()).path("done").asInt()).isEqualTo(4);
    }

    @Test
    void aJobOfListedKeysRecordsMissingOnesAsFailuresAndCanBeCancelled() throws Exception {
        HttpResponse<byte[]> r = post("/v1/jobs", "{\"variantSet\":\"avatar\",\"keys\":[\"other/d.jpg\",\"nope.jpg\"]}",
                AUTH, TOKEN);
        assertThat(r.statusCode()).isEqualTo(202);
        String location = ResizerHttpContract.header(r, "Location");
        JsonNode s = finished(location);
        assertThat(s.path("total").asInt()).isEqualTo(2);
        assertThat(s.path("failures").get(0).path("problem").path("type").asString())
                .isEqualTo("https://thumbd.dev/problems/source-not-found");
        HttpResponse<byte[]> cancelled = server.send(server.request(location, AUTH, TOKEN).DELETE().build());
        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(json(cancelled).path("state").asString()).isEqualTo("cancelled");
    }

    private static String event(String name, String key, String sequencer) {
        return "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"eventName\":\"" + name
                + "\",\"s3\":{\"bucket\":{\"name\":\"thumbd\"},\"object\":{\"key\":\"" + key
                + "\",\"size\":1,\"eTag\":\"x\",\"sequencer\":\"" + sequencer + "\"}}}]}";
    }

    @Test
    void bucketEventsQueueTheEagerSetOnceInSequencerOrderAndPurgeOnRemoval() throws Exception {
        HttpResponse<byte[]> test = post("/v1/events", "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\"}",
                AUTH, TOKEN);
        assertThat(test.statusCode()).isEqualTo(200);
        assertThat(json(test).path("test").asBoolean()).isTrue();
        ResizerHttpContract.assertProblem(post("/v1/events", event("ObjectCreated:Put", "events/e.jpg", "0A")), 401,
                "unauthorized");

        // MinIO's spelling of the event name; the key is form-encoded as S3 sends it
        HttpResponse<byte[]> created = post("/v1/events", event("s3:ObjectCreated:Put", "events%2Fe.jpg",
                "0055AED6DCD90281E5"), AUTH, TOKEN);
        assertThat(created.statusCode()).as(ResizerHttpContract.text(created)).isEqualTo(200);
        assertThat(json(created).path("created").asInt()).isEqualTo(1);
        String job = json(created).path("jobs").get(0).asString();
        assertThat(finished(job).path("done").asInt()).isEqualTo(4);
        HttpResponse<byte[]> hit = server.get("/v1/resize?src=events/e.jpg&w=64&h=64&fit=cover&fmt=jpeg");
        assertThat(ResizerHttpContract.header(hit, "Server-Timing")).startsWith("cache;desc=l1");

        // the same record again, and an older one arriving late (a shorter sequencer is left-padded): ignored
        for (String seq : List.of("0055AED6DCD90281E5", "55AED6DCD90281E4")) {
            HttpResponse<byte[]> again = post("/v1/events", event("ObjectCreated:Put", "events/e.jpg", seq), AUTH,
                    TOKEN);
            assertThat(json(again).path("ignored").asInt()).as(seq).isEqualTo(1);
        }
        // thumbd's own derivative writes are not originals
        assertThat(json(post("/v1/events", event("ObjectCreated:Put", "_derivatives/x/y.webp", "01"), AUTH, TOKEN))
                .path("ignored").asInt()).isEqualTo(1);
        // a later removal purges every level
        HttpResponse<byte[]> removed = post("/v1/events", event("ObjectRemoved:Delete", "events/e.jpg",
                "0055AED6DCD90281F0"), AUTH, TOKEN);
        assertThat(json(removed).path("removed").asInt()).isEqualTo(1);
        HttpResponse<byte[]> after = server.get("/v1/resize?src=events/e.jpg&w=64&h=64&fit=cover&fmt=jpeg");
        assertThat(ResizerHttpContract.header(after, "Server-Timing")).startsWith("cache;desc=miss");

        ResizerHttpContract.assertProblem(post("/v1/events", "{\"Records\":{}}", AUTH, TOKEN), 400,
                "invalid-parameter");
        ResizerHttpContract.assertProblem(post("/v1/events", "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\"}]}",
                AUTH, TOKEN), 400, "invalid-parameter");
        ResizerHttpContract.assertProblem(post("/v1/events", event("ObjectCreated:Put", "..%2Fx", "02"), AUTH, TOKEN),
                400, "invalid-parameter");
    }

    @Test
    void badInputGetsAProblem() {
        ResizerHttpContract.assertProblem(post("/v1/jobs", "{\"variantSet\":\"thumbs\",\"prefix\":\"photos/\"}"), 401,
                "unauthorized");
        ResizerHttpContract.assertProblem(post("/v1/jobs", "{\"variantSet\":\"nope\",\"prefix\":\"photos/\"}", AUTH,
                TOKEN), 400, "invalid-parameter");
        ResizerHttpContract.assertProblem(post("/v1/jobs", "{\"variantSet\":\"thumbs\",\"prefix\":\"p\",\"keys\":[]}",
                AUTH, TOKEN), 400, "invalid-parameter");
        ResizerHttpContract.assertProblem(post("/v1/jobs", "{\"variantSet\":\"thumbs\"}", AUTH, TOKEN), 400,
                "invalid-parameter");
        ResizerHttpContract.assertProblem(post("/v1/jobs", "{\"variantSet\":\"thumbs\",\"keys\":[]}", AUTH, TOKEN),
                400, "invalid-parameter");
        ResizerHttpContract.assertProblem(post("/v1/jobs", "{\"variantSet\":\"thumbs\",\"keys\":[\"../x\"]}", AUTH,
                TOKEN), 400, "invalid-parameter");
        ResizerHttpContract.assertProblem(post("/v1/jobs", "{\"variantSet\":\"thumbs\",\"keys\":\"a.jpg\"}", AUTH,
                TOKEN), 400, "invalid-parameter");
        ResizerHttpContract.assertProblem(post("/v1/jobs", "not json", AUTH, TOKEN), 400, "invalid-parameter");
        // the attack: a body of megabytes (a key list of 2 MB) is read only up to the JSON codec's in-memory limit
        String huge = "{\"variantSet\":\"thumbs\",\"keys\":[" + "\"k.jpg\",".repeat(250_000) + "\"k.jpg\"]}";
        for (String path : List.of("/v1/jobs", "/v1/events")) {
            HttpResponse<byte[]> r = post(path, huge, AUTH, TOKEN);
            ResizerHttpContract.assertProblem(r, 413, "source-too-large");
        }
        assertThat(server.get("/v1/resize?src=photos/a.jpg&w=20").statusCode()).as("still serving").isEqualTo(200);
        ResizerHttpContract.assertProblem(post("/v1/jobs", "[1]", AUTH, TOKEN), 400, "invalid-parameter");
        ResizerHttpContract.assertProblem(post("/v1/jobs", "{\"variantSet\":\"thumbs\",\"prefix\":\"zzz/\"}", AUTH,
                TOKEN), 404, "source-not-found");
        ResizerHttpContract.assertProblem(post("/v1/jobs",
                "{\"variantSet\":\"thumbs\",\"prefix\":\"_derivatives/\"}", AUTH, TOKEN), 404, "source-not-found");
        ResizerHttpContract.assertProblem(server.get("/v1/jobs/0123456789abcdef0123456789abcdef", AUTH, TOKEN), 404,
                "job-not-found");
        ResizerHttpContract.assertProblem(server.get("/v1/jobs/nope", AUTH, TOKEN), 404, "job-not-found");
        ResizerHttpContract.assertProblem(server.get("/v1/jobs/0123456789abcdef0123456789abcdef"), 401,
                "unauthorized");
        ResizerHttpContract.assertProblem(server.send(server.request("/v1/jobs", AUTH, TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofString("{}")).build()), 405, "method-not-allowed");
        ResizerHttpContract.assertProblem(server.send(server.request("/v1/images/x.jpg?eager=nope", AUTH, TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(TestImages.bytes("photo-600x450.jpg"))).build()), 400,
                "invalid-parameter");
    }

    @Test
    void completionNotificationsAreOffByDefault() {
        HttpResponse<byte[]> r = post("/v1/jobs", "{\"variantSet\":\"thumbs\",\"keys\":[\"other/d.jpg\"],"
                + "\"notificationUrl\":\"https://hooks.example.com/thumbd\"}", AUTH, TOKEN);
        ResizerHttpContract.assertProblem(r, 400, "invalid-parameter");
        assertThat(ResizerHttpContract.text(r)).contains("notificationUrl");
        HttpResponse<byte[]> up = server.send(server.request("/v1/images/up/hooked.jpg?eager=thumbs&notification_url="
                + "https%3A%2F%2Fhooks.example.com%2Fthumbd", AUTH, TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(TestImages.bytes("photo-600x450.jpg"))).build());
        ResizerHttpContract.assertProblem(up, 400, "invalid-parameter");
        assertThat(server.get("/v1/resize?src=up/hooked.jpg&w=20").statusCode()).as("nothing stored").isEqualTo(404);
    }
}
