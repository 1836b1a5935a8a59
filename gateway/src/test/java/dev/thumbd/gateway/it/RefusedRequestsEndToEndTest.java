package dev.thumbd.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.thumbd.gateway.filter.ApiKeyFilter;
import dev.thumbd.gateway.routing.Quarantine;
import dev.thumbd.spec.SpecParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Item 7 of the hostile-traffic report (refused requests cost nothing; guessing API keys is free) and poison pills (a
 * request that kills its replica is sent on to the next one), replayed by an attacker on raw sockets against a real
 * gateway and a real resizer, or a stand-in replica that dies on every request it reads.
 */
class RefusedRequestsEndToEndTest {

    static final String API_KEY = "refused-api-key-0123456789";
    static final String TOKEN = "refused-resizer-token";

    static Path dir;
    static ResizerProcess resizer;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("thumbd-refused");
        resizer = ResizerProcess.start(dir.resolve("data"), dir.resolve("cache"), TOKEN,
                List.of("--thumbd.seed.dir=" + Path.of("..", "samples").toAbsolutePath().normalize()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (resizer != null) {
            resizer.close();
        }
    }

    @Test
    void item7RefusedRequestsDrawFromTheClientsBucket() {
        try (GatewayServer gateway = GatewayServer.start(List.of(resizer), Map.of(
                "thumbd.gateway.allow-unsigned", "true",
                "thumbd.gateway.rate-limit.replenish-rate", "1",
                "thumbd.gateway.rate-limit.burst-capacity", "4",
                "thumbd.gateway.cache.enabled", "false"))) {
            int port = gateway.uri("/").getPort();
            // four refusals of four kinds, then even a good request is over the limit
            assertThat(RawHttp.request(port, "GET", "/v1/resize;x?src=landscape.jpg").status()).isEqualTo(400);
            assertThat(RawHttp.request(port, "HEAD", "/v1/resize?src=landscape.jpg&w=-1").status()).isEqualTo(400);
            assertThat(RawHttp.request(port, "GET", "/v1/resize?src=landscape.jpg&sig=AAAA").status()).isEqualTo(403);
            assertThat(RawHttp.request(port, "GET", "/v1/nothing").status()).isEqualTo(404);
            RawHttp.Answer limited = RawHttp.request(port, "GET", "/v1/resize?src=landscape.jpg&w=20");
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.header("Retry-After")).isNotNull();
            assertThat(limited.header("Content-Type")).isEqualTo("application/problem+json");
        }
    }

    @Test
    void item7FailedApiKeyAttemptsAreThrottledPerClientBeforeTheKeyIsCompared() {
        try (GatewayServer gateway = GatewayServer.start(List.of(resizer), Map.of(
                "thumbd.gateway.allow-unsigned", "true",
                "thumbd.gateway.api-keys", HexFormat.of().formatHex(ApiKeyFilter.sha256(API_KEY)),
                "thumbd.gateway.resizer-token", TOKEN,
                "thumbd.gateway.rate-limit.failed-key-attempts", "3",
                "thumbd.gateway.rate-limit.failed-key-refill", "1h",
                "thumbd.gateway.cache.enabled", "false"))) {
            int port = gateway.uri("/").getPort();
            for (int i = 0; i < 3; i++) {
                RawHttp.Answer a = RawHttp.request(port, "DELETE", "/v1/images/guess.jpg", "X-Api-Key", "guess-" + i);
                assertThat(a.status()).isEqualTo(403);
            }
            assertThat(RawHttp.request(port, "DELETE", "/v1/images/guess.jpg").status()).isEqualTo(429);
            // out of attempts: even the right key is not compared (the answer says nothing about it)
            RawHttp.Answer right = RawHttp.request(port, "DELETE", "/v1/images/guess.jpg", "X-Api-Key", API_KEY);
            assertThat(right.status()).isEqualTo(429);
            assertThat(right.body()).contains("rate-limited");
            // reads need no key and are not affected
            assertThat(RawHttp.request(port, "GET", "/v1/resize?src=landscape.jpg&w=20").status()).isEqualTo(200);
        }
    }

    /**
     * A key presented where none is needed still picks the rate-limit bucket (its headers would tell which guess was
     * right), so wrong keys there are failed attempts too, and a client out of them is refused before its next key
     * is compared; reads without a key go on.
     */
    @Test
    void failedApiKeyAttemptsOnReadsAreThrottledToo() {
        try (GatewayServer gateway = GatewayServer.start(List.of(resizer), Map.of(
                "thumbd.gateway.allow-unsigned", "true",
                "thumbd.gateway.api-keys", HexFormat.of().formatHex(ApiKeyFilter.sha256(API_KEY)),
                "thumbd.gateway.resizer-token", TOKEN,
                "thumbd.gateway.rate-limit.failed-key-attempts", "3",
                "thumbd.gateway.rate-limit.failed-key-refill", "1h",
                "thumbd.gateway.cache.enabled", "false"))) {
            int port = gateway.uri("/").getPort();
            String read = "/v1/resize?src=landscape.jpg&w=21";
            for (int i = 0; i < 3; i++) {
                assertThat(RawHttp.request(port, "GET", read, "X-Api-Key", "guess-" + i).status()).isEqualTo(200);
            }
            RawHttp.Answer right = RawHttp.request(port, "GET", read, "X-Api-Key", API_KEY);
            assertThat(right.status()).isEqualTo(429);
            assertThat(right.body()).contains("rate-limited");
            assertThat(RawHttp.request(port, "GET", read).status()).isEqualTo(200);
        }
    }

    @Test
    void aRequestWhoseReplicaDiesIsQuarantinedNotRetried() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        try (ServerSocket dying = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread replica = Thread.ofVirtual().start(() -> dieOnEveryRequest(dying, requests));
            URI stub = URI.create("http://127.0.0.1:" + dying.getLocalPort());
            try (GatewayServer gateway = GatewayServer.startOn(List.of(stub, resizer.uri()), Map.of(
                    "thumbd.gateway.allow-unsigned", "true",
                    "thumbd.gateway.cache.enabled", "false",
                    "thumbd.gateway.quarantine.ttl", "10m"))) {
                int port = gateway.uri("/").getPort();
                String pill = null;
                for (int w = 10; w < 60 && pill == null; w++) {
                    String target = "/v1/resize?src=landscape.jpg&fmt=png&w=" + w;
                    int before = requests.get();
                    RawHttp.Answer a = RawHttp.request(port, "GET", target);
                    if (requests.get() > before) {
                        assertThat(a.status()).as("answer of a request whose replica died").isEqualTo(503);
                        assertThat(a.body()).contains("quarantined");
                        pill = target;
                    } else {
                        assertThat(a.status()).isEqualTo(200);
                    }
                }
                assertThat(pill).as("some width hashes to the dying replica").isNotNull();
                int seen = requests.get();
                for (String method : List.of("GET", "HEAD", "GET")) {
                    RawHttp.Answer again = RawHttp.request(port, method, pill);
                    assertThat(again.status()).isEqualTo(503);
                    assertThat(again.header("Content-Type")).isEqualTo("application/problem+json");
                }
                // the spelling does not matter: the fingerprint is quarantined
                assertThat(RawHttp.request(port, "GET", pill.replace("fmt=png", "fmt=PNG") + "&utm_source=x").status())
                        .isEqualTo(503);
                assertThat(requests.get()).as("neither retried nor sent again").isEqualTo(seen);
                String metrics = new String(gateway.management("/actuator/prometheus").body(), StandardCharsets.UTF_8);
                assertThat(metrics).containsPattern("thumbd_gateway_quarantine_total\\{[^}]*event=\"added\"[^}]*} 1\\.0")
                        .containsPattern("thumbd_gateway_quarantine_total\\{[^}]*event=\"refused\"[^}]*} 4\\.0");
            } finally {
                replica.interrupt();
            }
        }
    }

    @Test
    void aQuarantineReachesEveryGatewayOnRedis() throws Exception {
        assumeTrue("true".equals(System.getenv("CI")) || RedisServer.binary() != null, "redis-server is not installed");
        AtomicInteger requests = new AtomicInteger();
        try (RedisServer redis = RedisServer.start();
             ServerSocket dying = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread replica = Thread.ofVirtual().start(() -> dieOnEveryRequest(dying, requests));
            List<URI> pool = List.of(URI.create("http://127.0.0.1:" + dying.getLocalPort()), resizer.uri());
            Map<String, String> shared = Map.of("thumbd.gateway.allow-unsigned", "true",
                    "thumbd.gateway.cache.enabled", "false",
                    "thumbd.gateway.quarantine.sharing", "redis",
                    "spring.data.redis.host", "127.0.0.1",
                    "spring.data.redis.port", Integer.toString(redis.port()));
            try (GatewayServer a = GatewayServer.startOn(pool, shared);
                 GatewayServer b = GatewayServer.startOn(pool, shared)) {
                String pill = null;
                for (int w = 10; w < 60 && pill == null; w++) {
                    String query = "src=landscape.jpg&fmt=png&w=" + w;
                    int before = requests.get();
                    RawHttp.Answer answer = RawHttp.request(a.uri("/").getPort(), "GET", "/v1/resize?" + query);
                    if (requests.get() > before) {
                        assertThat(answer.status()).isEqualTo(503);
                        pill = query;
                    }
                }
                assertThat(pill).isNotNull();
                String fingerprint = SpecParser.standard().parse(pill).spec().fingerprint().hex();
                Quarantine other = b.bean(Quarantine.class);
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (!other.refuses(fingerprint) && System.nanoTime() < deadline) {
                    Thread.sleep(20);   // the announcement is on its way through Redis
                }
                int seen = requests.get();
                RawHttp.Answer atB = RawHttp.request(b.uri("/").getPort(), "GET", "/v1/resize?" + pill);
                assertThat(atB.status()).isEqualTo(503);
                assertThat(atB.body()).contains("quarantined");
                assertThat(requests.get()).as("the other gateway never sent it").isEqualTo(seen);
            } finally {
                replica.interrupt();
            }
        }
    }

    /** A replica that reads a request's head and then dies: the connection reset, no answer. */
    private static void dieOnEveryRequest(ServerSocket server, AtomicInteger requests) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                byte[] buf = new byte[8192];
                int n = in.read(buf);
                if (n > 0 && new String(buf, 0, n, StandardCharsets.ISO_8859_1).startsWith("GET /v1/resize")) {
                    requests.incrementAndGet();
                }
                s.setSoLinger(true, 0);   // close with a reset, as a process killed mid-request
            } catch (IOException e) {
                return;
            }
        }
    }
}
