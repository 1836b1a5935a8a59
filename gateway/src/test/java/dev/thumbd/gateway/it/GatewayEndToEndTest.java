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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The gateway in front of three real resizer processes sharing one filesystem store: signing, API keys, routing
 * affinity, failover when a replica dies, and problem+json for everything the gateway refuses.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayEndToEndTest {

    static final String K1 = "gateway-test-secret-k1-0123456789abcdef";
    static final String K2 = "gateway-test-secret-k2-0123456789abcdef";
    static final String K0 = "gateway-test-secret-k0-0123456789abcdef";
    static final String API_KEY = "test-api-key-0123456789";
    static final String RESIZER_TOKEN = "internal-resizer-token";

    static Path dir;
    static List<ResizerProcess> resizers = new ArrayList<>();
    static GatewayServer gateway;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("thumbd-gw-it");
        Path samples = Path.of("..", "samples").toAbsolutePath().normalize();
        for (int i = 0; i < 3; i++) {
            List<String> extra = i == 0 ? List.of("--thumbd.seed.dir=" + samples) : List.of();
            resizers.add(ResizerProcess.start(dir.resolve("data"), dir.resolve("cache-" + i), RESIZER_TOKEN, extra));
        }
        gateway = GatewayServer.start(resizers, Map.of(
                "thumbd.signing.keys.k1", K1,
                "thumbd.signing.keys.k2", K2,
                "thumbd.signing.primary", "k1",
                "thumbd.signing.retired", "k0",
                "thumbd.gateway.api-keys", HexFormat.of().formatHex(ApiKeyFilter.sha256(API_KEY)),
                "thumbd.gateway.resizer-token", RESIZER_TOKEN,
                "thumbd.gateway.replica-cooldown", "30s",
                // every request here must reach a replica: routing, failover and fan-out are what is tested
                "thumbd.gateway.cache.enabled", "false"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        for (ResizerProcess r : resizers) {
            r.close();
        }
    }

    static String signed(String query, String kid, String secret, OptionalLong exp) {
        SigningKeys keys = SigningKeys.of(List.of(SigningKey.of(kid, secret)), List.of(), null);
        return "/v1/resize?" + new UrlSigner(keys).signedQuery("/v1/resize",
                SpecParser.standard().parse(query).spec(), exp);
    }

    static String signed(String query) {
        return signed(query, "k1", K1, OptionalLong.empty());
    }

    @Test
    @Order(1)
    void signedUnsignedTamperedExpiredAndRotated() {
        String q = "src=landscape.jpg&w=120&fmt=webp";
        HttpResponse<byte[]> ok = gateway.get(signed(q));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(header(ok, "Content-Type")).isEqualTo("image/webp");
        assertThat(gateway.get(signed(q, "k2", K2, OptionalLong.empty())).statusCode()).isEqualTo(200);
        long future = Instant.now().plus(Duration.ofHours(1)).getEpochSecond();
        assertThat(gateway.get(signed(q, "k1", K1, OptionalLong.of(future))).statusCode()).isEqualTo(200);

        assertProblem(gateway.get("/v1/resize?" + q), 403, "invalid-signature");
        assertProblem(gateway.get(signed(q).replace("w=120", "w=121")), 403, "invalid-signature");
        long past = Instant.now().minus(Duration.ofMinutes(1)).getEpochSecond();
        assertProblem(gateway.get(signed(q, "k1", K1, OptionalLong.of(past))), 403, "invalid-signature");
        assertProblem(gateway.get(signed(q, "k0", K0, OptionalLong.empty())), 403, "invalid-signature");
        assertProblem(gateway.get(signed(q, "k9", K1, OptionalLong.empty())), 403, "invalid-signature");
        // any spelling of the signed request, with tracking parameters, is the same request
        String respelled = signed(q).replace("fmt=webp&src=landscape.jpg&w=120", "w=120&fmt=WEBP&src=landscape.jpg")
                + "&utm_source=newsletter";
        HttpResponse<byte[]> again = gateway.get(respelled);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(header(again, "ETag")).isEqualTo(header(ok, "ETag"));
        assertThat(header(again, "X-Thumbd-Replica")).isEqualTo(header(ok, "X-Thumbd-Replica"));
    }

    @Test
    @Order(2)
    void badRequestsAreProblemsBeforeAnyResizerIsAsked() {
        assertProblem(gateway.get(signed("src=landscape.jpg&w=120") + "&w=130"), 400, "invalid-parameter");
        assertProblem(gateway.get("/v1/resize?src=../etc/passwd&w=10"), 400, "invalid-parameter");
        assertProblem(gateway.get("/v1/resize?src=a.jpg&w=abc"), 400, "invalid-parameter");
        assertProblem(gateway.get("/v1/info?src=a%5Cb.jpg"), 400, "invalid-parameter");
        assertProblem(gateway.get("/nothing-here"), 404, "not-found");
        // a resizer's own problems pass through
        assertProblem(gateway.get(signed("src=missing.jpg&w=100")), 404, "source-not-found");
    }

    @Test
    @Order(2)
    void http2SecurityHeadersBodyLimitAndReadOnlyActuator() throws Exception {
        java.net.http.HttpClient h2 = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_2).build();
        for (int i = 0; i < 2; i++) {   // the first may upgrade from HTTP/1.1 (h2c), the next is HTTP/2 throughout
            HttpResponse<byte[]> r = h2.send(HttpRequest.newBuilder(gateway.uri(signed("src=landscape.jpg&w=90")))
                    .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(200);
            if (i == 1) {
                assertThat(r.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_2);
            }
        }
        HttpResponse<byte[]> ok = gateway.get(signed("src=landscape.jpg&w=90"));
        HttpResponse<byte[]> refused = gateway.get("/v1/resize?src=landscape.jpg&w=90");
        for (HttpResponse<byte[]> r : List.of(ok, refused)) {
            assertThat(header(r, "X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(header(r, "X-Frame-Options")).isEqualTo("DENY");
            assertThat(header(r, "Content-Security-Policy")).contains("default-src 'none'");
            assertThat(header(r, "Referrer-Policy")).isEqualTo("no-referrer");
        }
        byte[] big = new byte[65 << 20];
        assertProblem(gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/images/big.jpg")).header("X-Api-Key", API_KEY)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(big)).build()), 413, "source-too-large");
        assertThat(gateway.management("/actuator/gateway/routes").statusCode()).isEqualTo(200);
        HttpResponse<byte[]> refresh = gateway.send(HttpRequest.newBuilder(gateway.managementUri("/actuator/gateway/refresh"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(refresh.statusCode()).isIn(404, 405);
    }

    @Test
    @Order(3)
    void apiKeysGuardWritesAndGrants() throws Exception {
        byte[] jpeg = Files.readAllBytes(Path.of("..", "samples", "landscape.jpg"));
        HttpRequest.Builder put = HttpRequest.newBuilder(gateway.uri("/v1/images/uploads/gw.jpg"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(jpeg));
        assertProblem(gateway.send(put.copy().build()), 401, "unauthorized");
        assertProblem(gateway.send(put.copy().header("X-Api-Key", "wrong").build()), 403, "forbidden");
        // the resizer's own token is not an API key: clients never hold it
        assertProblem(gateway.send(put.copy().header("Authorization", "Bearer " + RESIZER_TOKEN).build()), 403, "forbidden");
        HttpResponse<byte[]> created = gateway.send(put.copy().header("X-Api-Key", API_KEY).build());
        assertThat(created.statusCode()).as(new String(created.body())).isIn(200, 201);
        assertThat(gateway.get(signed("src=uploads/gw.jpg&w=64&fmt=png")).statusCode()).isEqualTo(200);
        assertProblem(gateway.get("/v1/srcset?src=uploads/gw.jpg&widths=100,200"), 401, "unauthorized");
        assertThat(gateway.get("/v1/srcset?src=uploads/gw.jpg&widths=100,200", "Authorization", "Bearer " + API_KEY)
                .statusCode()).isEqualTo(200);
        // background jobs: every method needs an API key, and the gateway passes them on with its resizer token
        String job = "/v1/jobs/0123456789abcdef0123456789abcdef";
        assertProblem(gateway.get(job), 401, "unauthorized");
        assertProblem(gateway.get(job, "X-Api-Key", API_KEY), 404, "job-not-found");
        HttpRequest.Builder submit = HttpRequest.newBuilder(gateway.uri("/v1/jobs")).header("Content-Type",
                "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"variantSet\":\"none\",\"keys\":[\"a.jpg\"]}"));
        assertProblem(gateway.send(submit.copy().build()), 401, "unauthorized");
        assertProblem(gateway.send(submit.copy().header("X-Api-Key", API_KEY).build()), 400, "invalid-parameter");
        assertProblem(gateway.get("/v1/jobs/a/b", "X-Api-Key", API_KEY), 404, "not-found");
    }

    @Test
    @Order(3)
    void overwritingAnOriginalRefreshesItsThumbnailsOnEveryReplica() throws Exception {
        byte[] first = Files.readAllBytes(Path.of("..", "samples", "landscape.jpg"));
        byte[] second = Files.readAllBytes(Path.of("..", "samples", "portrait-exif6.jpg"));
        HttpResponse<byte[]> created = gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/images/fan/out.jpg"))
                .header("X-Api-Key", API_KEY).PUT(HttpRequest.BodyPublishers.ofByteArray(first)).build());
        assertThat(created.statusCode()).isEqualTo(201);
        Map<Integer, String> etags = new HashMap<>();
        Set<String> replicas = new HashSet<>();
        for (int w = 20; w < 40; w++) {
            HttpResponse<byte[]> r = gateway.get(signed("src=fan/out.jpg&fmt=jpeg&w=" + w));
            assertThat(r.statusCode()).isEqualTo(200);
            etags.put(w, header(r, "ETag"));
            replicas.add(header(r, "X-Thumbd-Replica"));
        }
        assertThat(replicas).hasSizeGreaterThan(1);
        String version = new String(created.body(), java.nio.charset.StandardCharsets.UTF_8)
                .replaceAll("(?s).*\"etag\":\"(\\\\\"[^\\\\]*\\\\\")\".*", "$1").replace("\\\"", "\"");
        HttpResponse<byte[]> replaced = gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/images/fan/out.jpg"))
                .header("X-Api-Key", API_KEY).header("If-Match", version)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(second)).build());
        assertThat(replaced.statusCode()).as(new String(replaced.body())).isEqualTo(200);
        // the purge reaches the other replicas in the background, moments after the answer
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Set<Integer> stale = new HashSet<>(etags.keySet());
        while (!stale.isEmpty() && System.nanoTime() < deadline) {
            stale.removeIf(w -> !etags.get(w).equals(header(gateway.get(signed("src=fan/out.jpg&fmt=jpeg&w=" + w)), "ETag")));
            if (!stale.isEmpty()) {
                Thread.sleep(100);
            }
        }
        assertThat(stale).as("thumbnails still from the old original").isEmpty();
        // and what they show now is the new original (a portrait once oriented)
        HttpResponse<byte[]> now = gateway.get(signed("src=fan/out.jpg&fmt=png&w=30"));
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(now.body()));
        assertThat(img.getHeight()).isGreaterThan(img.getWidth());
    }

    @Test
    @Order(4)
    void eachUrlAlwaysLandsOnOneReplicaAndAllReplicasGetWork() {
        Map<String, String> replicaOf = new HashMap<>();
        for (int w = 40; w < 70; w++) {
            HttpResponse<byte[]> r = gateway.get(signed("src=landscape.jpg&fmt=jpeg&w=" + w));
            assertThat(r.statusCode()).isEqualTo(200);
            replicaOf.put("w" + w, header(r, "X-Thumbd-Replica"));
        }
        assertThat(new HashSet<>(replicaOf.values())).hasSize(3);
        for (int w = 40; w < 70; w++) {
            HttpResponse<byte[]> r = gateway.get(signed("src=landscape.jpg&fmt=jpeg&w=" + w));
            assertThat(header(r, "X-Thumbd-Replica")).isEqualTo(replicaOf.get("w" + w));
            assertThat(header(r, "Server-Timing")).startsWith("cache;desc=l1");   // the replica that made it has it
        }
    }

    @Test
    @Order(4)
    void everyMetricTheAlertRulesAndDashboardsQueryIsExported() throws Exception {
        StringBuilder queries = new StringBuilder(Files.readString(Path.of("..", "prometheus", "rules", "thumbd.rules.yml")));
        try (var dashboards = Files.list(Path.of("..", "deploy", "grafana", "dashboards"))) {
            for (Path d : dashboards.filter(f -> f.toString().endsWith(".json")).toList()) {
                java.util.regex.Matcher expr = java.util.regex.Pattern.compile("\"expr\": \"((?:[^\"\\\\]|\\\\.)*)\"")
                        .matcher(Files.readString(d));
                int found = 0;
                while (expr.find()) {
                    queries.append('\n').append(expr.group(1));
                    found++;
                }
                assertThat(found).as(d.toString()).isGreaterThan(5);
            }
        }
        String rules = queries.toString();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "(?<![:\\w])(thumbd_[a-z_]+|http_server_requests_seconds_[a-z]+|jvm_[a-z_]+|process_[a-z_]+"
                        + "|resilience4j_[a-z_]+)(?![:\\w])")
                .matcher(rules.replaceAll("(?m)^\\s*- (record|alert): .*$", ""));
        Set<String> queried = new java.util.TreeSet<>();
        while (m.find()) {
            queried.add(m.group(1));
        }
        assertThat(queried).contains("thumbd_admission_queue", "http_server_requests_seconds_bucket",
                "resilience4j_circuitbreaker_state");
        StringBuilder exported = new StringBuilder(new String(gateway.management("/actuator/prometheus").body(),
                java.nio.charset.StandardCharsets.UTF_8));
        exported.append(new String(gateway.send(HttpRequest.newBuilder(resizers.get(0).managementUri(
                "/actuator/prometheus")).build()).body(), java.nio.charset.StandardCharsets.UTF_8));
        for (String name : queried) {
            assertThat(exported.toString()).as(name).containsPattern("(?m)^" + name + "[{ ]");
        }
        // the gateway's requests by endpoint, never by raw path
        String gatewayMetrics = new String(gateway.management("/actuator/prometheus").body(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(gatewayMetrics)
                .containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"200\",uri=\"/v1/resize\"} [1-9]")
                .containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"403\",uri=\"/v1/resize\"} [1-9]")
                .doesNotContain("src=");
    }

    @Test
    @Order(5)
    void killingAReplicaMovesOnlyItsKeysWithoutClientErrors() throws Exception {
        Map<Integer, String> before = new HashMap<>();
        for (int w = 80; w < 110; w++) {
            before.put(w, header(gateway.get(signed("src=landscape.jpg&fmt=jpeg&w=" + w)), "X-Thumbd-Replica"));
        }
        ResizerProcess victim = resizers.get(1);
        victim.kill();
        Set<String> after = new HashSet<>();
        for (int w = 80; w < 110; w++) {
            HttpResponse<byte[]> r = gateway.get(signed("src=landscape.jpg&fmt=jpeg&w=" + w));
            assertThat(r.statusCode()).isEqualTo(200);
            String now = header(r, "X-Thumbd-Replica");
            after.add(now);
            if (!before.get(w).equals(victim.id())) {
                assertThat(now).as("w=%d stays where it was", w).isEqualTo(before.get(w));
            }
        }
        assertThat(after).doesNotContain(victim.id()).hasSize(2);
    }

    @Test
    @Order(6)
    void withEveryReplicaDownTheAnswerIsAQuick503Problem() throws Exception {
        resizers.get(0).kill();
        resizers.get(2).kill();
        for (int w = 80; w < 84; w++) {
            HttpResponse<byte[]> r = gateway.get(signed("src=landscape.jpg&fmt=jpeg&w=" + w));
            assertProblem(r, 503, "upstream-unavailable");
            assertThat(header(r, "Retry-After")).isEqualTo("1");
        }
        String metrics = new String(gateway.management("/actuator/prometheus").body(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(metrics).contains("resilience4j_circuitbreaker_state");
    }
}
