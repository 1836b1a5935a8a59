package dev.thumbd.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.gateway.filter.ApiKeyFilter;
import dev.thumbd.signing.SigningKey;
import dev.thumbd.signing.SigningKeys;
import dev.thumbd.signing.UrlSigner;
import dev.thumbd.spec.SpecParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An attacker against a real gateway (enforcing signatures) and a real resizer process behind it (with the same
 * signing keys): every request here is written byte by byte on a socket, GET and HEAD alike. Each test names the
 * numbered item of the hostile-traffic report it replays (docs/SECURITY.md).
 */
class HostileTrafficEndToEndTest {

    static final String K1 = "hostile-test-secret-k1-0123456789abcdef";
    static final String API_KEY = "hostile-api-key-0123456789";
    static final String TOKEN = "hostile-resizer-token";
    static final String QUERY = "src=landscape.jpg&w=121&fmt=png";
    static final String FORGED = "&sig=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    static Path dir;
    static ResizerProcess resizer;
    static GatewayServer gateway;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("thumbd-hostile");
        Path samples = Path.of("..", "samples").toAbsolutePath().normalize();
        resizer = ResizerProcess.start(dir.resolve("data"), dir.resolve("cache"), TOKEN, List.of(
                "--thumbd.seed.dir=" + samples, "--thumbd.signing.keys.k1=" + K1,
                "--thumbd.limits.max-source-size=256KB",
                "--thumbd.server.header-timeout=2s", "--thumbd.server.body-idle-timeout=1s",
                "--thumbd.server.upload-deadline=4s"));
        gateway = GatewayServer.start(List.of(resizer), Map.ofEntries(
                Map.entry("thumbd.gateway.replica-header", "false"),
                Map.entry("thumbd.signing.keys.k1", K1),
                Map.entry("thumbd.gateway.api-keys", HexFormat.of().formatHex(ApiKeyFilter.sha256(API_KEY))),
                Map.entry("thumbd.gateway.resizer-token", TOKEN),
                Map.entry("thumbd.gateway.max-upload-size", "256KB"),
                Map.entry("thumbd.server.header-timeout", "2s"),
                Map.entry("thumbd.server.body-idle-timeout", "1s"),
                Map.entry("thumbd.server.upload-deadline", "4s"),
                Map.entry("thumbd.gateway.cache.enabled", "false")));
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

    static int gatewayPort() {
        return gateway.uri("/").getPort();
    }

    static String signed(String path, String query) {
        SigningKeys keys = SigningKeys.of(List.of(SigningKey.of("k1", K1)), List.of(), null);
        return path + "?" + new UrlSigner(keys).signedQuery(path, SpecParser.standard().parse(query).spec(),
                OptionalLong.empty());
    }

    static void assertProblem(RawHttp.Answer a, int status, String slug, boolean head) {
        assertThat(a.status()).as(a.toString()).isEqualTo(status);
        assertThat(a.header("Content-Type")).as(a.toString()).isEqualTo("application/problem+json");
        if (!head) {
            assertThat(a.body()).contains("\"type\":\"https://thumbd.dev/problems/" + slug + "\"")
                    .doesNotContain("Exception");
        }
    }

    // 1. Signature bypass by path spelling

    @ParameterizedTest
    @ValueSource(strings = {"/v1/resize;x", "/v1/%72esize", "/v1;a/resize", "//v1/resize", "/v1//resize",
            "/v1/./resize", "/v1/x/../resize", "/v1/resize/", "/v1/%2E/resize", "/v1%2Fresize", "/v1\\resize",
            "/v1/resiz%65", "/%761/resize", "/v1/resize;jsessionid=1", "/v1/resize%3B"})
    void item1EverySpellingOfResizeIsRefusedWithoutASignature(String path) {
        for (String method : List.of("GET", "HEAD")) {
            for (String query : List.of(QUERY, QUERY + FORGED)) {
                RawHttp.Answer viaGateway = RawHttp.request(gatewayPort(), method, path + "?" + query);
                assertThat(viaGateway.status()).as(method + " " + path + " via the gateway").isIn(400, 404);
                assertThat(viaGateway.header("Content-Type")).isEqualTo("application/problem+json");
                RawHttp.Answer direct = RawHttp.request(resizer.port(), method, path + "?" + query);
                assertThat(direct.status()).as(method + " " + path + " on the resizer").isIn(400, 404);
            }
        }
    }

    @Test
    void item1TheCanonicalSpellingNeedsAValidSignatureOnBothServers() {
        for (String method : List.of("GET", "HEAD")) {
            boolean head = method.equals("HEAD");
            assertProblem(RawHttp.request(gatewayPort(), method, "/v1/resize?" + QUERY), 403, "invalid-signature", head);
            assertProblem(RawHttp.request(gatewayPort(), method, "/v1/resize?" + QUERY + FORGED), 403,
                    "invalid-signature", head);
            // the resizer checks signatures itself: a request that got past a gateway by mistake still fails
            assertProblem(RawHttp.request(resizer.port(), method, "/v1/resize?" + QUERY), 403, "invalid-signature", head);
            assertProblem(RawHttp.request(resizer.port(), method, "/v1/resize?" + QUERY + FORGED), 403,
                    "invalid-signature", head);
            assertThat(RawHttp.request(gatewayPort(), method, signed("/v1/resize", QUERY)).status()).isEqualTo(200);
            assertThat(RawHttp.request(resizer.port(), method, signed("/v1/resize", QUERY)).status()).isEqualTo(200);
        }
        // a signature for /v1/resize does not open another path
        String other = signed("/v1/resize", QUERY).replace("/v1/resize", "/v1/resize;x");
        assertThat(RawHttp.request(gatewayPort(), "GET", other).status()).isEqualTo(400);
    }

    // 4. src decoded twice

    @Test
    void item4AKeyIsDecodedOnceAndAnAliasIsRefused() {
        for (String method : List.of("GET", "HEAD")) {
            boolean head = method.equals("HEAD");
            assertProblem(RawHttp.request(gatewayPort(), method, "/v1/info?src=x/%2561.jpg"), 400, "invalid-parameter",
                    head);
            assertProblem(RawHttp.request(resizer.port(), method.equals("HEAD") ? "GET" : method,
                    "/v1/info?src=x/%2561.jpg"), 400, "invalid-parameter", false);
            assertProblem(RawHttp.request(resizer.port(), method, "/v1/resize?src=x/%2561.jpg&w=10"), 400,
                    "invalid-parameter", head);
        }
        // the one decoding: %6C is "l"; both spellings are one key, one ETag
        RawHttp.Answer plain = RawHttp.request(gatewayPort(), "GET", signed("/v1/resize", "src=landscape.jpg&w=33"));
        RawHttp.Answer escaped = RawHttp.request(gatewayPort(), "GET",
                signed("/v1/resize", "src=landscape.jpg&w=33").replace("src=landscape.jpg", "src=%6Candscape.jpg"));
        assertThat(plain.status()).isEqualTo(200);
        assertThat(escaped.status()).isEqualTo(200);
        assertThat(escaped.header("ETag")).isEqualTo(plain.header("ETag"));
    }

    // 5. bodies over the limit

    @Test
    void item5AnUploadStreamedPastTheLimitIs413OnBothServers() throws IOException {
        for (int port : List.of(gatewayPort(), resizer.port())) {
            String auth = port == gatewayPort() ? "X-Api-Key: " + API_KEY : "Authorization: Bearer " + TOKEN;
            try (Socket s = RawHttp.open(port)) {
                OutputStream out = s.getOutputStream();
                RawHttp.write(out, ("PUT /v1/images/streamed.png HTTP/1.1\r\nHost: x\r\n" + auth
                        + "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                byte[] chunk = new byte[16 * 1024];
                byte[] png = pngHead();
                System.arraycopy(png, 0, chunk, 0, png.length);
                for (int i = 0; i < 40; i++) {
                    byte[] framed = frame(chunk);
                    if (!RawHttp.write(out, framed)) {
                        break;
                    }
                }
                RawHttp.write(out, "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                RawHttp.Answer a = RawHttp.read(s.getInputStream(), false);
                assertProblem(a, 413, "source-too-large", false);
            }
        }
    }

    @Test
    void item5ADeclaredTooLargeBodyIs413AndTheAnswerArrives() throws IOException {
        for (int port : List.of(gatewayPort(), resizer.port())) {
            String auth = port == gatewayPort() ? "X-Api-Key: " + API_KEY : "Authorization: Bearer " + TOKEN;
            try (Socket s = RawHttp.open(port)) {
                OutputStream out = s.getOutputStream();
                RawHttp.write(out, ("PUT /v1/images/declared.png HTTP/1.1\r\nHost: x\r\n" + auth
                        + "\r\nContent-Length: 1073741824\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                RawHttp.write(out, new byte[64 * 1024]);
                RawHttp.Answer a = RawHttp.read(s.getInputStream(), false);
                assertProblem(a, 413, "source-too-large", false);
            }
        }
    }

    // 6. slow clients

    @Test
    void item6HeadersSentAByteAtATimeAreCutOffWith408OnBothServers() throws Exception {
        for (int port : List.of(gatewayPort(), resizer.port())) {
            try (Socket s = RawHttp.open(port)) {
                OutputStream out = s.getOutputStream();
                byte[] request = ("GET /v1/info?src=landscape.jpg HTTP/1.1\r\nHost: x\r\nX-Slow: "
                        + "a".repeat(200) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                long t0 = System.nanoTime();
                int sent = 0;
                while (sent < request.length && RawHttp.write(out, new byte[] {request[sent]})) {
                    sent++;
                    Thread.sleep(50);
                    if (s.getInputStream().available() > 0) {
                        break;
                    }
                }
                RawHttp.Answer a = RawHttp.read(s.getInputStream(), false);
                assertThat(sent).as("bytes the server took before it gave up").isLessThan(request.length);
                assertProblem(a, 408, "request-timeout", false);
                assertThat(s.getInputStream().read()).as("connection closed").isEqualTo(-1);
                assertThat((System.nanoTime() - t0) / 1_000_000_000.0).isLessThan(30);
            }
        }
    }

    @Test
    void item6ABodySentAByteAtATimeIsCutOffWith408OnBothServers() throws Exception {
        for (int port : List.of(gatewayPort(), resizer.port())) {
            String auth = port == gatewayPort() ? "X-Api-Key: " + API_KEY : "Authorization: Bearer " + TOKEN;
            try (Socket s = RawHttp.open(port)) {
                OutputStream out = s.getOutputStream();
                RawHttp.write(out, ("PUT /v1/images/slow.png HTTP/1.1\r\nHost: x\r\n" + auth
                        + "\r\nContent-Length: 100000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                byte[] png = pngHead();
                int sent = 0;
                // steady, never idle for the idle timeout, but far too slow for the upload deadline
                while (sent < 100_000 && RawHttp.write(out, new byte[] {sent < png.length ? png[sent] : 0})) {
                    sent++;
                    Thread.sleep(200);
                    if (s.getInputStream().available() > 0) {
                        break;
                    }
                }
                RawHttp.Answer a = RawHttp.read(s.getInputStream(), false);
                assertThat(sent).isLessThan(100_000);
                assertProblem(a, 408, "request-timeout", false);
            }
        }
    }

    // 8. smaller ones

    @Test
    void item8InfoNeedsAValidSignatureOnBothServers() {
        String valid = signed("/v1/info", "src=landscape.jpg");
        // unsigned, info would tell anyone whether a key exists and the version of what it holds
        assertProblem(RawHttp.request(gatewayPort(), "GET", "/v1/info?src=landscape.jpg"), 403, "invalid-signature",
                false);
        assertProblem(RawHttp.request(resizer.port(), "GET", "/v1/info?src=landscape.jpg"), 403,
                "invalid-signature", false);
        assertProblem(RawHttp.request(gatewayPort(), "GET", "/v1/info?src=nothing-here.jpg"), 403,
                "invalid-signature", false);
        assertThat(RawHttp.request(gatewayPort(), "GET", valid).status()).isEqualTo(200);
        assertThat(RawHttp.request(resizer.port(), "GET", valid).status()).isEqualTo(200);
        String wrong = "/v1/info?src=landscape.jpg" + FORGED;
        assertProblem(RawHttp.request(gatewayPort(), "GET", wrong), 403, "invalid-signature", false);
        assertProblem(RawHttp.request(resizer.port(), "GET", wrong), 403, "invalid-signature", false);
        assertProblem(RawHttp.request(gatewayPort(), "GET", valid.replace("landscape", "portrait")), 403,
                "invalid-signature", false);
    }

    @Test
    void item8TheResizersManagementPortDoesNotServeTheApi() {
        int management = resizer.managementUri("/").getPort();
        for (String method : List.of("GET", "HEAD")) {
            RawHttp.Answer a = RawHttp.request(management, method, signed("/v1/resize", QUERY));
            assertThat(a.status()).as(method).isEqualTo(404);
        }
        assertThat(RawHttp.request(management, "GET", "/v1/info?src=landscape.jpg").status()).isEqualTo(404);
        assertThat(RawHttp.request(management, "GET", "/actuator/health").status()).isEqualTo(200);
    }

    @Test
    void item8NoInternalAddressAndSecurityHeadersOnEveryAnswer() {
        for (String method : List.of("GET", "HEAD")) {
            for (String target : List.of(signed("/v1/resize", QUERY), "/nothing-here", "/v1/nothing", "/v1/resize%20",
                    "/v1/resize;x", "/V1/resize?" + QUERY, "/actuator/health")) {
                RawHttp.Answer a = RawHttp.request(gatewayPort(), method, target);
                assertThat(a.header("X-Thumbd-Replica")).as(target).isNull();
                assertThat(a.header("X-Content-Type-Options")).as(method + " " + target).isEqualTo("nosniff");
                assertThat(a.header("X-Frame-Options")).as(target).isEqualTo("DENY");
                assertThat(a.header("Content-Security-Policy")).as(target).contains("default-src 'none'");
            }
        }
        assertThat(RawHttp.request(gatewayPort(), "GET", "/v1/nothing").status()).isEqualTo(404);
    }

    @Test
    void item8AnAlertWithoutAnInstanceLabelDoesNotMoveAReplica() throws IOException {
        int management = resizer.managementUri("/").getPort();
        String alert = "{\"alerts\":[{\"status\":\"firing\",\"fingerprint\":\"x\",\"labels\":{\"alertname\":\"Forged\","
                + "\"degradation\":\"true\",\"level\":\"4\"}}]}";
        for (int port : List.of(resizer.port(), management)) {
            try (Socket s = RawHttp.open(port)) {
                RawHttp.write(s.getOutputStream(), ("POST /admin/degradation HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                        + TOKEN + "\r\nContent-Type: application/json\r\nContent-Length: " + alert.length()
                        + "\r\nConnection: close\r\n\r\n" + alert).getBytes(StandardCharsets.US_ASCII));
                RawHttp.Answer a = RawHttp.read(s.getInputStream(), false);
                assertThat(a.status()).isEqualTo(200);
                assertThat(a.body()).contains("\"level\":0");
            }
        }
    }

    static byte[] frame(byte[] chunk) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(chunk);
        b.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }

    /** The first bytes of a 64x64 RGB PNG: signature and IHDR, enough for the upload probe. */
    static byte[] pngHead() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        byte[] ihdr = {0, 0, 0, 64, 0, 0, 0, 64, 8, 2, 0, 0, 0};
        b.writeBytes(new byte[] {0, 0, 0, 13, 'I', 'H', 'D', 'R'});
        b.writeBytes(ihdr);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(new byte[] {'I', 'H', 'D', 'R'});
        crc.update(ihdr);
        long v = crc.getValue();
        b.writeBytes(new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v});
        return b.toByteArray();
    }

    static String drain(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    static List<String> list(String... s) {
        return new ArrayList<>(List.of(s));
    }
}
