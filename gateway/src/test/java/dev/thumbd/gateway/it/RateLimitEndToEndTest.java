package dev.thumbd.gateway.it;

import static dev.thumbd.gateway.it.Problems.assertProblem;
import static dev.thumbd.gateway.it.Problems.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rate limits through the gateway, in memory and in a real Redis, with one real resizer behind. */
class RateLimitEndToEndTest {

    static ResizerProcess resizer;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("thumbd-gw-rl");
        resizer = ResizerProcess.start(dir.resolve("data"), dir.resolve("cache"), "t",
                List.of("--thumbd.seed.dir=" + Path.of("..", "samples").toAbsolutePath().normalize()));
    }

    @AfterAll
    static void stop() throws Exception {
        resizer.close();
    }

    private static Map<String, String> limited(String store) {
        return Map.of("thumbd.gateway.allow-unsigned", "true",
                "thumbd.gateway.rate-limit.replenish-rate", "1",
                "thumbd.gateway.rate-limit.burst-capacity", "2",
                "thumbd.gateway.rate-limit.store", store);
    }

    /**
     * A client gets its burst of two, then 429s. The bucket refills at one token a second, so rather than assume how
     * fast requests go, this sends up to ten in a row and expects the refusal among them (ten would have to take
     * eight seconds for none to be refused).
     */
    private static void assertBurstThen429(GatewayServer gateway, String url) {
        // made (and cached) on behalf of another client first, so the requests below are quick cache hits
        assertThat(gateway.get(url, "X-Forwarded-For", "192.0.2.1").statusCode()).isEqualTo(200);
        HttpResponse<byte[]> first = gateway.get(url);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(header(first, "X-RateLimit-Remaining")).isEqualTo("1");
        assertThat(header(first, "X-RateLimit-Burst-Capacity")).isEqualTo("2");
        assertThat(header(first, "X-RateLimit-Replenish-Rate")).isEqualTo("1");
        HttpResponse<byte[]> refused = null;
        for (int i = 0; i < 10 && refused == null; i++) {
            HttpResponse<byte[]> r = gateway.get(url);
            if (r.statusCode() != 200) {
                refused = r;
            }
        }
        assertThat(refused).as("no 429 within ten requests").isNotNull();
        assertProblem(refused, 429, "rate-limited");
        assertThat(header(refused, "Retry-After")).isEqualTo("1");
        assertThat(header(refused, "X-RateLimit-Remaining")).isEqualTo("0");
        // another client (by X-Forwarded-For from a trusted proxy) has its own bucket
        assertThat(gateway.get(url, "X-Forwarded-For", "198.51.100.7").statusCode()).isEqualTo(200);
        // the management server (a random port here) is not limited: health checks of an exhausted client's
        // address still answer
        for (int i = 0; i < 5; i++) {
            HttpResponse<byte[]> health = gateway.management("/actuator/health");
            assertThat(health.statusCode()).as("management request %d", i).isEqualTo(200);
            assertThat(health.headers().firstValue("X-RateLimit-Remaining")).isEmpty();
        }
    }

    /**
     * A replica whose name no longer resolves (a container or pod that is gone takes its DNS name with it; {@code
     * .invalid} never resolves) is passed over like one that refuses connections: every thumbnail is answered by the
     * live replica, none with a 500.
     */
    @Test
    void aReplicaWhoseNameNoLongerResolvesIsPassedOver() {
        try (GatewayServer gateway = GatewayServer.startOn(
                List.of(java.net.URI.create("http://gone-replica.invalid:8081"), resizer.uri()), Map.of(
                        "thumbd.gateway.allow-unsigned", "true",
                        "thumbd.gateway.cache.enabled", "false"))) {
            for (int w = 60; w < 76; w++) {
                HttpResponse<byte[]> r = gateway.get("/v1/resize?src=landscape.jpg&fmt=jpeg&w=" + w);
                assertThat(r.statusCode()).as("w=%d", w).isEqualTo(200);
                assertThat(header(r, "X-Thumbd-Replica")).endsWith(":" + resizer.port());
            }
        }
    }

    @Test
    void replicasDiscoveredThroughDnsServe() {
        try (GatewayServer gateway = GatewayServer.start(List.of(resizer), Map.of(
                "thumbd.gateway.allow-unsigned", "true",
                "thumbd.gateway.resizers", "http://127.0.0.1:1",   // ignored: the DNS name wins
                "thumbd.gateway.resizers-dns", "localhost:" + resizer.port()))) {
            HttpResponse<byte[]> r = gateway.get("/v1/resize?src=landscape.jpg&w=52&fmt=jpeg");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(header(r, "X-Thumbd-Replica")).endsWith(":" + resizer.port());
        }
    }

    @Test
    void inMemoryTokenBucketPerClient() {
        Map<String, String> p = new java.util.HashMap<>(limited("memory"));
        p.put("thumbd.gateway.trusted-proxies", "127.0.0.1");
        try (GatewayServer gateway = GatewayServer.start(List.of(resizer), p)) {
            assertBurstThen429(gateway, "/v1/resize?src=landscape.jpg&w=50&fmt=jpeg");
        }
    }

    /**
     * A CDN's edges reach the gateway through a trusted proxy (a load balancer) and are named in the header; their
     * range is configured as not limited, so however many requests two edge addresses send, none is refused, while an
     * end user behind the same proxy keeps the per-client limit.
     */
    @Test
    void aCdnRangeIsNeverRateLimited() {
        Map<String, String> p = new java.util.HashMap<>(limited("memory"));
        p.put("thumbd.gateway.trusted-proxies", "127.0.0.1");
        p.put("thumbd.gateway.rate-limit.ranges[0].name", "cdn");
        p.put("thumbd.gateway.rate-limit.ranges[0].addresses", "198.51.100.0/24,2001:db8:cd::/48");
        p.put("thumbd.gateway.rate-limit.ranges[0].limited", "false");
        try (GatewayServer gateway = GatewayServer.start(List.of(resizer), p)) {
            String url = "/v1/resize?src=landscape.jpg&w=53&fmt=jpeg";
            for (int i = 0; i < 40; i++) {
                String edge = i % 2 == 0 ? "198.51.100.1" : "[2001:db8:cd::7]:443";
                HttpResponse<byte[]> r = gateway.get(url, "X-Forwarded-For", "192.0.2.99, " + edge);
                assertThat(r.statusCode()).as("request %d from %s", i, edge).isEqualTo(200);
                assertThat(header(r, "X-RateLimit-Remaining")).isNull();
            }
            // an end user behind the same proxy, and one who claims to be an edge by writing the header itself
            assertBurstThen429(gateway, url);
            HttpResponse<byte[]> spoofed = null;
            for (int i = 0; i < 10 && spoofed == null; i++) {
                HttpResponse<byte[]> r = gateway.get(url, "X-Forwarded-For", "198.51.100.1, 203.0.113.77");
                if (r.statusCode() != 200) {
                    spoofed = r;
                }
            }
            assertThat(spoofed).as("a client writing an edge's address is limited as itself").isNotNull();
            assertProblem(spoofed, 429, "rate-limited");
        }
    }

    static final String API_KEY = "rate-test-api-key-0123456789";

    /** A gateway whose clients are read from {@code Forwarded}, with a limited CDN range and an API-key rate. */
    private static Map<String, String> classes(String store) {
        Map<String, String> p = new java.util.HashMap<>(limited(store));
        p.put("thumbd.gateway.trusted-proxies", "127.0.0.1");
        p.put("thumbd.gateway.forwarded-header", "forwarded");
        p.put("thumbd.gateway.rate-limit.ranges[0].name", "cdn");
        p.put("thumbd.gateway.rate-limit.ranges[0].addresses", "198.51.100.0/24");
        p.put("thumbd.gateway.rate-limit.ranges[0].replenish-rate", "1");
        p.put("thumbd.gateway.rate-limit.ranges[0].burst-capacity", "50");
        p.put("thumbd.gateway.api-keys", java.util.HexFormat.of().formatHex(
                dev.thumbd.gateway.filter.ApiKeyFilter.sha256(API_KEY)));
        p.put("thumbd.gateway.rate-limit.api-keys.replenish-rate", "7");
        return p;
    }

    /** Edges named in {@code Forwarded} (RFC 7239) get their range's own rate, each edge its own bucket; API keys theirs. */
    private static void assertClassRates(GatewayServer gateway, String url) {
        HttpResponse<byte[]> r = gateway.get(url, "Forwarded", "for=\"198.51.100.9:5555\";proto=https");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "X-RateLimit-Burst-Capacity")).isEqualTo("50");
        assertThat(header(r, "X-RateLimit-Remaining")).isEqualTo("49");
        HttpResponse<byte[]> other = gateway.get(url, "Forwarded", "for=198.51.100.10");
        assertThat(header(other, "X-RateLimit-Remaining")).as("each edge its own bucket").isEqualTo("49");
        HttpResponse<byte[]> user = gateway.get(url, "Forwarded", "for=203.0.113.5");
        assertThat(header(user, "X-RateLimit-Burst-Capacity")).isEqualTo("2");
        // X-Forwarded-For is not the configured header: the proxy itself is the client
        HttpResponse<byte[]> xff = gateway.get(url, "X-Forwarded-For", "198.51.100.9");
        assertThat(header(xff, "X-RateLimit-Burst-Capacity")).isEqualTo("2");
        // a valid API key draws from its own bucket at the API keys' rate (bursts of twice the rate)
        HttpResponse<byte[]> keyed = gateway.get(url, "X-Api-Key", API_KEY, "Forwarded", "for=198.51.100.9");
        assertThat(keyed.statusCode()).isEqualTo(200);
        assertThat(header(keyed, "X-RateLimit-Replenish-Rate")).isEqualTo("7");
        assertThat(header(keyed, "X-RateLimit-Burst-Capacity")).isEqualTo("14");
    }

    @Test
    void aRangeWithItsOwnRateReadFromForwarded() {
        try (GatewayServer gateway = GatewayServer.start(List.of(resizer), classes("memory"))) {
            assertClassRates(gateway, "/v1/resize?src=landscape.jpg&w=54&fmt=jpeg");
        }
    }

    @Test
    void rangesAndApiKeysWithTheirOwnRatesInRedis() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        assumeTrue(ci || RedisServer.binary() != null, "redis-server is not installed");
        try (RedisServer redis = RedisServer.start()) {
            Map<String, String> p = classes("redis");
            p.put("spring.data.redis.host", "127.0.0.1");
            p.put("spring.data.redis.port", Integer.toString(redis.port()));
            try (GatewayServer gateway = GatewayServer.start(List.of(resizer), p)) {
                assertClassRates(gateway, "/v1/resize?src=landscape.jpg&w=55&fmt=jpeg");
            }
        }
    }

    @Test
    void redisTokenBucketAndFailOpenWhenRedisIsGone() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        assumeTrue(ci || RedisServer.binary() != null, "redis-server is not installed");
        try (RedisServer redis = RedisServer.start()) {
            Map<String, String> p = new java.util.HashMap<>(limited("redis"));
            p.put("thumbd.gateway.trusted-proxies", "127.0.0.1");
            p.put("spring.data.redis.host", "127.0.0.1");
            p.put("spring.data.redis.port", Integer.toString(redis.port()));
            p.put("spring.data.redis.timeout", "500ms");
            try (GatewayServer gateway = GatewayServer.start(List.of(resizer), p)) {
                String url = "/v1/resize?src=landscape.jpg&w=51&fmt=jpeg";
                assertBurstThen429(gateway, url);
                redis.kill();
                for (int i = 0; i < 4; i++) {
                    assertThat(gateway.get(url).statusCode()).isEqualTo(200);   // fail open
                }
                String metrics = new String(gateway.management("/actuator/prometheus").body(), StandardCharsets.UTF_8);
                assertThat(metrics).containsPattern("thumbd_gateway_ratelimit_failopen_total\\{[^}]*} [1-9]");
            }
        }
    }
}
