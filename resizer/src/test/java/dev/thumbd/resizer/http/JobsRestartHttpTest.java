package dev.thumbd.resizer.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job's progress on the embedded queue outlives the resizer: a job taken in by one that does not render
 * ({@code thumbd.jobs.enabled=false}) is reported the same after a restart, is finished by the next one, and its
 * final status is still there after another restart.
 */
class JobsRestartHttpTest {

    private static final String AUTH = "Authorization";
    private static final String TOKEN = "Bearer test-token";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private ResizerServer start(boolean consume) {
        Map<String, Object> p = new HashMap<>(Map.of(
                "thumbd.store.root", dir.resolve("data").toString(),
                "thumbd.cache.disk.dir", dir.resolve("cache").toString(),
                "thumbd.jobs.journal", dir.resolve("queue.journal").toString(),
                "thumbd.jobs.variant-sets.thumbs", "widths=64,128&formats=webp,jpeg&fit=cover&h=64",
                "thumbd.jobs.enabled", Boolean.toString(consume)));
        return ResizerServer.start(p);
    }

    private static JsonNode status(ResizerServer server, String location) {
        HttpResponse<byte[]> r = server.get(location, AUTH, TOKEN);
        assertThat(r.statusCode()).as(ResizerHttpContract.text(r)).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void aJobsProgressSurvivesRestartsAndTheJobCompletes() throws Exception {
        String location;
        JsonNode before;
        try (ResizerServer intakeOnly = start(false)) {
            intakeOnly.seed("photos/a.jpg", "photo-600x450.jpg");
            intakeOnly.seed("photos/b.jpg", "photo-600x450.jpg");
            HttpResponse<byte[]> r = intakeOnly.send(intakeOnly.request("/v1/jobs", AUTH, TOKEN)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"variantSet\":\"thumbs\",\"keys\":[\"photos/a.jpg\",\"photos/b.jpg\",\"photos/gone.jpg\"]}"))
                    .build());
            assertThat(r.statusCode()).as(ResizerHttpContract.text(r)).isEqualTo(202);
            location = ResizerHttpContract.header(r, "Location");
            before = status(intakeOnly, location);
            assertThat(before.path("total").asInt()).isEqualTo(12);
            assertThat(before.path("queued").asInt()).isEqualTo(8);
            assertThat(before.path("failed").asInt()).isEqualTo(4);
            assertThat(before.path("state").asString()).isEqualTo("running");
        }

        try (ResizerServer restarted = start(false)) {
            assertThat(status(restarted, location)).as("the same progress after a restart").isEqualTo(before);
        }

        JsonNode finished;
        try (ResizerServer worker = start(true)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            JsonNode s = status(worker, location);
            assertThat(s.path("failures")).isEqualTo(before.path("failures"));
            while (s.path("queued").asInt() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                s = status(worker, location);
            }
            finished = s;
            assertThat(finished.path("state").asString()).isEqualTo("failed");
            assertThat(finished.path("done").asInt()).isEqualTo(8);
            assertThat(finished.path("failed").asInt()).isEqualTo(4);
        }

        try (ResizerServer again = start(true)) {
            assertThat(status(again, location)).isEqualTo(finished);
            // submitting the job again answers the recorded job, queueing nothing
            HttpResponse<byte[]> r = again.send(again.request("/v1/jobs", AUTH, TOKEN)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"variantSet\":\"thumbs\",\"keys\":[\"photos/gone.jpg\",\"photos/b.jpg\",\"photos/a.jpg\"]}"))
                    .build());
            assertThat(ResizerHttpContract.header(r, "Location")).isEqualTo(location);
            assertThat(JSON.readTree(r.body()).path("done").asInt()).isEqualTo(8);
        }
    }
}
