package dev.thumbd.gateway.it;

import static dev.thumbd.gateway.it.Problems.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.thumbd.gateway.filter.ApiKeyFilter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two gateways sharing a real Redis for hot-thumbnail invalidation, and a third keeping to its own: an overwrite
 * through the first is seen by the second at once, while the third serves what it holds until its ttl.
 */
class HotThumbnailsAcrossGatewaysEndToEndTest {

    static final String API_KEY = "across-api-key-0123456789";
    static final String RESIZER_TOKEN = "across-resizer-token";

    @Test
    void anOverwriteThroughOneGatewayDropsTheHotThumbnailsOfTheOthers() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        assumeTrue(ci || RedisServer.binary() != null, "redis-server is not installed");
        Path dir = Files.createTempDirectory("thumbd-gw-across");
        byte[] landscape = Files.readAllBytes(Path.of("..", "samples", "landscape.jpg"));
        byte[] portrait = Files.readAllBytes(Path.of("..", "samples", "portrait-exif6.jpg"));
        try (RedisServer redis = RedisServer.start();
             ResizerProcess resizer = ResizerProcess.start(dir.resolve("data"), dir.resolve("cache"), RESIZER_TOKEN,
                     List.of());
             GatewayServer a = GatewayServer.start(List.of(resizer), properties(redis, "redis"));
             GatewayServer b = GatewayServer.start(List.of(resizer), properties(redis, "redis"));
             GatewayServer local = GatewayServer.start(List.of(resizer), properties(redis, "local"))) {
            assertThat(a.send(put(a, landscape)).statusCode()).isEqualTo(201);
            String url = "/v1/resize?src=across/swap.jpg&w=48&fmt=png";
            Map<GatewayServer, String> etag = new HashMap<>();
            for (GatewayServer g : List.of(a, b, local)) {
                etag.put(g, header(g.get(url), "ETag"));
                assertThat(header(g.awaitHit(url), "ETag")).isEqualTo(etag.get(g));
            }

            assertThat(a.send(put(a, portrait)).statusCode()).isEqualTo(200);
            assertThat(header(a.get(url), "ETag")).as("the writing gateway").isNotEqualTo(etag.get(a));
            HttpResponse<byte[]> seen = b.get(url);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (header(seen, "ETag").equals(etag.get(b)) && System.nanoTime() < deadline) {
                Thread.sleep(20);   // the message is on its way through Redis
                seen = b.get(url);
            }
            assertThat(header(seen, "ETag")).as("the other gateway on Redis").isNotEqualTo(etag.get(b));
            assertThat(header(b.awaitHit(url), "ETag")).isEqualTo(header(seen, "ETag"));
            // without the shared channel a gateway serves what it holds until its ttl (10 minutes here)
            HttpResponse<byte[]> stale = local.get(url);
            assertThat(header(stale, "ETag")).isEqualTo(etag.get(local));
            assertThat(header(stale, "Server-Timing")).isEqualTo("cache;desc=gateway");
        }
    }

    private static Map<String, String> properties(RedisServer redis, String invalidation) {
        return Map.of("thumbd.gateway.allow-unsigned", "true",
                "thumbd.gateway.api-keys", HexFormat.of().formatHex(ApiKeyFilter.sha256(API_KEY)),
                "thumbd.gateway.resizer-token", RESIZER_TOKEN,
                "thumbd.gateway.cache.ttl", "10m",
                "thumbd.gateway.cache.invalidation", invalidation,
                "spring.data.redis.host", "127.0.0.1",
                "spring.data.redis.port", Integer.toString(redis.port()));
    }

    private static HttpRequest put(GatewayServer g, byte[] body) {
        return HttpRequest.newBuilder(g.uri("/v1/images/across/swap.jpg")).header("X-Api-Key", API_KEY)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }
}
