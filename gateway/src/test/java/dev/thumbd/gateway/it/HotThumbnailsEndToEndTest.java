package dev.thumbd.gateway.it;

import static dev.thumbd.gateway.it.Problems.assertProblem;
import static dev.thumbd.gateway.it.Problems.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.gateway.filter.ApiKeyFilter;
import dev.thumbd.signing.SigningKey;
import dev.thumbd.signing.SigningKeys;
import dev.thumbd.signing.UrlSigner;
import dev.thumbd.spec.SpecParser;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway's hot-thumbnail cache in front of a real resizer: a repeated thumbnail is answered by the gateway
 * without a trip to the resizer (counted on the resizer's own request meter), with the right validators, formats and
 * headers, while signatures are still checked and an overwrite through the gateway is seen at once.
 */
class HotThumbnailsEndToEndTest {

    static final String KEY = "hot-test-secret-0123456789abcdef01";
    static final String API_KEY = "hot-test-api-key-0123456789";
    static final String RESIZER_TOKEN = "hot-resizer-token";

    static Path dir;
    static ResizerProcess resizer;
    static GatewayServer gateway;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("thumbd-gw-hot");
        Path samples = Path.of("..", "samples").toAbsolutePath().normalize();
        resizer = ResizerProcess.start(dir.resolve("data"), dir.resolve("cache"), RESIZER_TOKEN,
                List.of("--thumbd.seed.dir=" + samples));
        gateway = GatewayServer.start(List.of(resizer), Map.of(
                "thumbd.signing.keys.k1", KEY,
                "thumbd.signing.primary", "k1",
                "thumbd.gateway.api-keys", HexFormat.of().formatHex(ApiKeyFilter.sha256(API_KEY)),
                "thumbd.gateway.resizer-token", RESIZER_TOKEN,
                "thumbd.gateway.cache.ttl", "10m"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (resizer != null) {
            resizer.close();
        }
    }

    static String signed(String query) {
        SigningKeys keys = SigningKeys.of(List.of(SigningKey.of("k1", KEY)), List.of(), null);
        return "/v1/resize?" + new UrlSigner(keys).signedQuery("/v1/resize",
                SpecParser.standard().parse(query).spec(), OptionalLong.empty());
    }

    /** 200 answers to /v1/resize the resizer itself has given so far. */
    static long resizerAnswers() {
        String metrics = new String(gateway.send(HttpRequest.newBuilder(resizer.managementUri("/actuator/prometheus"))
                .build()).body(), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("(?m)^http_server_requests_seconds_count\\{([^}]*)} (\\S+)$").matcher(metrics);
        long n = 0;
        while (m.find()) {
            if (m.group(1).contains("uri=\"/v1/resize\"") && m.group(1).contains("status=\"200\"")) {
                n += (long) Double.parseDouble(m.group(2));
            }
        }
        return n;
    }

    @Test
    void aRepeatedThumbnailIsAnsweredByTheGatewayWithItsValidators() {
        String url = signed("src=landscape.jpg&w=140&fmt=webp");
        HttpResponse<byte[]> first = gateway.get(url);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(header(first, "Server-Timing")).doesNotContain("desc=gateway");
        long answered = resizerAnswers();

        HttpResponse<byte[]> again = gateway.get(url);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(header(again, "Server-Timing")).isEqualTo("cache;desc=gateway");
        assertThat(again.body()).isEqualTo(first.body());
        for (String h : List.of("ETag", "Content-Type", "Content-Length", "Cache-Control", "Surrogate-Key",
                "X-Thumbd-Replica", "X-Content-Type-Options", "Content-Security-Policy")) {
            assertThat(header(again, h)).as(h).isEqualTo(header(first, h));
        }
        assertThat(Long.parseLong(header(again, "Age"))).isGreaterThanOrEqualTo(0);

        HttpResponse<byte[]> notModified = gateway.get(url, "If-None-Match", header(first, "ETag"));
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(header(notModified, "ETag")).isEqualTo(header(first, "ETag"));
        assertThat(header(notModified, "Cache-Control")).isEqualTo(header(first, "Cache-Control"));

        HttpResponse<byte[]> head = gateway.send(HttpRequest.newBuilder(gateway.uri(url))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(header(head, "Server-Timing")).isEqualTo("cache;desc=gateway");
        assertThat(header(head, "Content-Length")).isEqualTo(Integer.toString(first.body().length));
        assertThat(head.body()).isEmpty();

        assertThat(resizerAnswers()).as("answers the resizer gave for the repeats").isEqualTo(answered);

        // a client asking past caches reaches the resizer
        HttpResponse<byte[]> fresh = gateway.get(url, "Cache-Control", "no-cache");
        assertThat(header(fresh, "Server-Timing")).doesNotContain("desc=gateway");
        assertThat(resizerAnswers()).isEqualTo(answered + 1);

        String metrics = new String(gateway.management("/actuator/prometheus").body(), StandardCharsets.UTF_8);
        assertThat(metrics).containsPattern("thumbd_gateway_cache_lookups_total\\{[^}]*result=\"hit\"[^}]*} [1-9]")
                .containsPattern("(?m)^thumbd_gateway_cache_size_bytes\\{[^}]*} [1-9]");
    }

    /**
     * The web filters run on the management server too (Spring Boot builds its handler from the same filters), but
     * nothing is routed there: a thumbnail the gateway holds is not answered on that port, nor is any /v1 URL read.
     */
    @Test
    void theManagementServerAnswersNoThumbnail() {
        String url = signed("src=landscape.jpg&w=160&fmt=jpeg");
        assertThat(gateway.get(url).statusCode()).isEqualTo(200);
        assertThat(header(gateway.get(url), "Server-Timing")).isEqualTo("cache;desc=gateway");
        assertProblem(gateway.management(url), 404, "not-found");
        assertProblem(gateway.management("/v1/resize?src=landscape.jpg&w=-3"), 404, "not-found");
        assertProblem(gateway.management(url.replace("w=160", "w=161")), 404, "not-found");
    }

    @Test
    void signaturesAreCheckedBeforeTheCacheIsAsked() {
        String url = signed("src=landscape.jpg&w=150&fmt=jpeg");
        assertThat(gateway.get(url).statusCode()).isEqualTo(200);
        assertThat(header(gateway.get(url), "Server-Timing")).isEqualTo("cache;desc=gateway");
        assertProblem(gateway.get("/v1/resize?src=landscape.jpg&w=150&fmt=jpeg"), 403, "invalid-signature");
        assertProblem(gateway.get(url.replace("w=150", "w=151")), 403, "invalid-signature");
        // problems are not kept: a missing original is asked for again
        String missing = signed("src=nothing/here.jpg&w=100");
        assertProblem(gateway.get(missing), 404, "source-not-found");
        HttpResponse<byte[]> again = gateway.get(missing);
        assertProblem(again, 404, "source-not-found");
        assertThat(again.headers().firstValue("Server-Timing").orElse("")).doesNotContain("desc=gateway");
    }

    @Test
    void negotiatedFormatsAreKeptPerAcceptHeader() {
        String url = signed("src=landscape.jpg&w=160");
        String avif = "image/avif,image/webp,*/*";
        String webp = "image/webp,*/*";
        HttpResponse<byte[]> a1 = gateway.get(url, "Accept", avif);
        HttpResponse<byte[]> w1 = gateway.get(url, "Accept", webp);
        HttpResponse<byte[]> j1 = gateway.get(url);
        HttpResponse<byte[]> a2 = gateway.get(url, "Accept", avif);
        HttpResponse<byte[]> w2 = gateway.get(url, "Accept", webp);
        HttpResponse<byte[]> j2 = gateway.get(url);
        assertThat(header(a1, "Content-Type")).isEqualTo("image/avif");
        assertThat(header(w1, "Content-Type")).isEqualTo("image/webp");
        assertThat(header(j1, "Content-Type")).isEqualTo("image/jpeg");
        for (HttpResponse<byte[]>[] pair : pairs(a1, a2, w1, w2, j1, j2)) {
            assertThat(header(pair[1], "Server-Timing")).isEqualTo("cache;desc=gateway");
            assertThat(header(pair[1], "Content-Type")).isEqualTo(header(pair[0], "Content-Type"));
            assertThat(pair[1].body()).isEqualTo(pair[0].body());
            assertThat(header(pair[1], "Vary")).isEqualTo("Accept");
        }
    }

    @SafeVarargs
    private static HttpResponse<byte[]>[][] pairs(HttpResponse<byte[]>... r) {
        @SuppressWarnings("unchecked")
        HttpResponse<byte[]>[][] out = new HttpResponse[r.length / 2][];
        for (int i = 0; i < out.length; i++) {
            out[i] = java.util.Arrays.copyOfRange(r, 2 * i, 2 * i + 2);
        }
        return out;
    }

    /**
     * A CDN revalidating a thumbnail that neither the gateway nor the resizer holds any more: the resizer answers 304
     * from the original's metadata (its Server-Timing says so) and gives no 200, so nothing was rendered.
     */
    @Test
    void aRevalidationOfAThumbnailInNoCacheIsAnsweredWithoutRendering() throws Exception {
        byte[] landscape = Files.readAllBytes(Path.of("..", "samples", "landscape.jpg"));
        assertThat(gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/images/hot/reval.jpg"))
                .header("X-Api-Key", API_KEY).PUT(HttpRequest.BodyPublishers.ofByteArray(landscape)).build())
                .statusCode()).isIn(200, 201);
        String url = signed("src=hot/reval.jpg&w=57&fmt=webp");
        HttpResponse<byte[]> first = gateway.get(url);
        assertThat(first.statusCode()).isEqualTo(200);
        String etag = header(first, "ETag");
        assertThat(gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/purge?src=hot/reval.jpg"))
                .header("X-Api-Key", API_KEY).POST(HttpRequest.BodyPublishers.noBody()).build()).statusCode())
                .isEqualTo(204);
        long answers = resizerAnswers();
        HttpResponse<byte[]> revalidated = gateway.get(url, "If-None-Match", etag);
        assertThat(revalidated.statusCode()).isEqualTo(304);
        assertThat(header(revalidated, "ETag")).isEqualTo(etag);
        assertThat(header(revalidated, "Server-Timing")).startsWith("cache;desc=validator");
        assertThat(header(revalidated, "Surrogate-Key")).matches("src-[0-9a-f]{32}");
        assertThat(resizerAnswers()).as("200s the resizer gave").isEqualTo(answers);
    }

    @Test
    void anOverwriteThroughTheGatewayIsSeenAtOnce() throws Exception {
        byte[] landscape = Files.readAllBytes(Path.of("..", "samples", "landscape.jpg"));
        byte[] portrait = Files.readAllBytes(Path.of("..", "samples", "portrait-exif6.jpg"));
        HttpRequest.Builder put = HttpRequest.newBuilder(gateway.uri("/v1/images/hot/swap.jpg"))
                .header("X-Api-Key", API_KEY);
        assertThat(gateway.send(put.copy().PUT(HttpRequest.BodyPublishers.ofByteArray(landscape)).build())
                .statusCode()).isEqualTo(201);
        String url = signed("src=hot/swap.jpg&w=60&fmt=png");
        HttpResponse<byte[]> before = gateway.get(url);
        assertThat(header(gateway.awaitHit(url), "ETag")).isEqualTo(header(before, "ETag"));
        assertThat(png(before).getWidth()).isGreaterThan(png(before).getHeight());

        assertThat(gateway.send(put.copy().PUT(HttpRequest.BodyPublishers.ofByteArray(portrait)).build())
                .statusCode()).isEqualTo(200);
        HttpResponse<byte[]> after = gateway.get(url);
        assertThat(header(after, "Server-Timing")).doesNotContain("desc=gateway");
        assertThat(header(after, "ETag")).isNotEqualTo(header(before, "ETag"));
        assertThat(png(after).getHeight()).isGreaterThan(png(after).getWidth());

        assertThat(gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/images/hot/swap.jpg"))
                .header("X-Api-Key", API_KEY).DELETE().build()).statusCode()).isIn(200, 204);
        assertProblem(gateway.get(url), 404, "source-not-found");
    }

    private static java.awt.image.BufferedImage png(HttpResponse<byte[]> r) throws java.io.IOException {
        assertThat(r.statusCode()).isEqualTo(200);
        return javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(r.body()));
    }
}
