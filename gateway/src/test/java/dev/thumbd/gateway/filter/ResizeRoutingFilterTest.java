package dev.thumbd.gateway.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thumbd.gateway.routing.UpstreamFailure;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/** {@link ResizeRoutingFilter} against a real HTTP server standing in for a resizer replica. */
class ResizeRoutingFilterTest {

    private static final String FINGERPRINT = "ab".repeat(32);
    private static final byte[] BODY = "RIFF....WEBPVP8 a thumbnail".getBytes(StandardCharsets.US_ASCII);

    private DisposableServer replica;
    private final Map<String, String> seen = new ConcurrentHashMap<>();
    private final ResizeRoutingFilter filter = new ResizeRoutingFilter(HttpClient.create(),
            () -> List.of(new RemoveHopByHopHeadersFilter()), Duration.ofSeconds(5));

    @BeforeEach
    void startReplica() {
        replica = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes
                        .route(req -> req.uri().startsWith("/v1/resize"), (req, res) -> {
                            req.requestHeaders().forEach(h -> seen.put(h.getKey().toLowerCase(), h.getValue()));
                            seen.put("query", String.valueOf(URI.create(req.uri()).getRawQuery()));
                            return res.status(200).header("Content-Type", "image/webp")
                                    .header("ETag", "\"t1\"").header("Cache-Control", "public, max-age=60")
                                    .header("Keep-Alive", "timeout=5").header("Content-Length", "" + BODY.length)
                                    .sendByteArray(Mono.just(BODY));
                        })
                        .get("/v1/slow", (req, res) -> Mono.never()))
                .bindNow();
    }

    @AfterEach
    void stopReplica() {
        replica.disposeNow();
    }

    private MockServerWebExchange resize(MockServerHttpRequest request, URI to) {
        MockServerWebExchange exchange = MockServerWebExchange.from(request);
        exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, to);
        exchange.getAttributes().put(Headers.FINGERPRINT_ATTR, FINGERPRINT);
        return exchange;
    }

    private URI replicaUri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + replica.port() + pathAndQuery);
    }

    private static GatewayFilterChain rest(AtomicBoolean reached) {
        return exchange -> {
            reached.set(true);
            return Mono.empty();
        };
    }

    @Test
    void sendsTheRequestAndStreamsTheReplicasAnswerBack() {
        MockServerWebExchange exchange = resize(MockServerHttpRequest.get("/v1/resize?src=a.jpg&w=300")
                .header(Headers.FINGERPRINT, FINGERPRINT).header("Accept", "image/webp")
                .header("Proxy-Authorization", "Basic c2VjcmV0").header("Host", "thumbs.example.com").build(),
                replicaUri("/v1/resize?src=a.jpg&w=300&fmt=webp"));
        AtomicBoolean reached = new AtomicBoolean();

        filter.filter(exchange, rest(reached)).block(Duration.ofSeconds(10));

        assertThat(ServerWebExchangeUtils.isAlreadyRouted(exchange)).isTrue();
        assertThat(reached).as("the rest of the chain still runs (it skips routed exchanges)").isTrue();
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(exchange.getResponse().getHeaders().getETag()).isEqualTo("\"t1\"");
        assertThat(exchange.getResponse().getHeaders().getFirst("Cache-Control")).isEqualTo("public, max-age=60");
        assertThat(exchange.getResponse().getHeaders().containsHeader("Keep-Alive"))
                .as("hop-by-hop headers stay on their hop").isFalse();
        assertThat(exchange.getResponse().getBodyAsString().block(Duration.ofSeconds(5)))
                .isEqualTo(new String(BODY, StandardCharsets.US_ASCII));
        assertThat(seen.get("query")).isEqualTo("src=a.jpg&w=300&fmt=webp");
        assertThat(seen.get("x-thumbd-fingerprint")).isEqualTo(FINGERPRINT);
        assertThat(seen.get("accept")).isEqualTo("image/webp");
        assertThat(seen.get("host")).as("the replica's own authority, as on the general route")
                .isEqualTo("127.0.0.1:" + replica.port());
        assertThat(seen).as("hop-by-hop request headers are not passed on").doesNotContainKey("proxy-authorization");
    }

    @Test
    void aHeadGetsTheHeadersWithoutABody() {
        MockServerWebExchange exchange = resize(MockServerHttpRequest.head("/v1/resize?src=a.jpg").build(),
                replicaUri("/v1/resize?src=a.jpg"));

        filter.filter(exchange, rest(new AtomicBoolean())).block(Duration.ofSeconds(10));

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(exchange.getResponse().getHeaders().getETag()).isEqualTo("\"t1\"");
        assertThat(exchange.getResponse().getBodyAsString().block(Duration.ofSeconds(5))).isEmpty();
    }

    @Test
    void leavesEverythingButResizeReadsToTheGeneralRoute() {
        AtomicBoolean reached = new AtomicBoolean();
        MockServerWebExchange info = MockServerWebExchange.from(MockServerHttpRequest.get("/v1/info?src=a.jpg"));
        info.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, replicaUri("/v1/info?src=a.jpg"));
        filter.filter(info, rest(reached)).block(Duration.ofSeconds(10));
        assertThat(reached).isTrue();
        assertThat(ServerWebExchangeUtils.isAlreadyRouted(info)).isFalse();

        MockServerWebExchange post = resize(MockServerHttpRequest.post("/v1/resize?src=a.jpg").build(),
                replicaUri("/v1/resize?src=a.jpg"));
        filter.filter(post, rest(new AtomicBoolean())).block(Duration.ofSeconds(10));
        assertThat(ServerWebExchangeUtils.isAlreadyRouted(post)).isFalse();

        MockServerWebExchange unresolved = resize(MockServerHttpRequest.get("/v1/resize?src=a.jpg").build(),
                URI.create("lb://resizer/v1/resize?src=a.jpg"));
        filter.filter(unresolved, rest(new AtomicBoolean())).block(Duration.ofSeconds(10));
        assertThat(ServerWebExchangeUtils.isAlreadyRouted(unresolved)).isFalse();
    }

    @Test
    void aRefusedConnectionFailsAsOneSoTheRouteRetriesAnotherReplica() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            closed = socket.getLocalPort();
        }
        MockServerWebExchange exchange = resize(MockServerHttpRequest.get("/v1/resize?src=a.jpg").build(),
                URI.create("http://127.0.0.1:" + closed + "/v1/resize?src=a.jpg"));

        assertThatThrownBy(() -> filter.filter(exchange, rest(new AtomicBoolean())).block(Duration.ofSeconds(10)))
                .satisfies(e -> assertThat(UpstreamFailure.of(e)).isEqualTo(UpstreamFailure.CONNECT));
    }

    @Test
    void aReplicaThatDoesNotAnswerInTimeIsA504() {
        ResizeRoutingFilter impatient = new ResizeRoutingFilter(HttpClient.create(),
                () -> List.of(new RemoveHopByHopHeadersFilter()), Duration.ofMillis(200));
        MockServerWebExchange exchange = resize(MockServerHttpRequest.get("/v1/slow?src=a.jpg").build(),
                replicaUri("/v1/slow?src=a.jpg"));

        assertThatThrownBy(() -> impatient.filter(exchange, rest(new AtomicBoolean())).block(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(ResponseStatusException.class,
                        e -> assertThat(e.getStatusCode()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT));
    }
}
