package dev.thumbd.resizer.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.resizer.pipeline.SharedDecodes;
import dev.thumbd.resizer.service.ThumbnailService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broken original asked for again and again (a bomb sent in a loop, or a CDN retrying a broken image) is refused
 * from memory after the first time: the same problem, without reading, probing or decoding the original again, for
 * any width or format once the original itself is known to be broken; a purge of the original (an upload over it)
 * makes it be tried afresh.
 */
class RefusalMemoryHttpTest {

    @TempDir
    Path dir;

    @Test
    void aRefusalIsRememberedUntilTheOriginalChanges() {
        try (ResizerServer server = ResizerServer.start(Map.of(
                "thumbd.store.root", dir.resolve("data").toString(),
                "thumbd.cache.disk.enabled", "false",
                "thumbd.cache.sources.max-size", "0B"))) {
            server.seed("broken.jpg", "bad/corrupt-huffman-table.jpg");
            SharedDecodes decodes = server.bean(SharedDecodes.class);
            String url = "/v1/resize?src=broken.jpg&w=100";
            ResizerHttpContract.assertProblem(server.get(url), 422, "corrupt-image");
            long tried = decodes.decodes();
            assertThat(tried).as("the first request tried to decode it").isPositive();
            for (int i = 0; i < 5; i++) {
                ResizerHttpContract.assertProblem(server.get(url), 422, "corrupt-image");
            }
            assertThat(decodes.decodes()).as("decodes after the first refusal").isEqualTo(tried);
            // a corrupt original is corrupt whatever is asked of it: an attacker varying the width is refused from
            // memory too, not given one decode a width
            for (int w = 101; w < 111; w++) {
                ResizerHttpContract.assertProblem(server.get("/v1/resize?src=broken.jpg&fmt=png&w=" + w), 422,
                        "corrupt-image");
            }
            assertThat(decodes.decodes()).as("decodes for ten other widths and a format").isEqualTo(tried);
            server.bean(ThumbnailService.class).purge("broken.jpg").block(Duration.ofSeconds(30));
            ResizerHttpContract.assertProblem(server.get(url), 422, "corrupt-image");
            assertThat(decodes.decodes()).as("tried afresh after the purge").isEqualTo(tried + 1);
        }
    }
}
