package dev.thumbd.resizer.http;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Debian's headless Chromium driven by its ChromeDriver over the W3C WebDriver protocol (plain JSON over HTTP): open a
 * page, run a script in it, take a screenshot. Missing browser or driver skips the test, except under {@code CI=true}
 * where it fails ({@code apt-get install chromium chromium-driver}; ./thumbd test installs them).
 */
final class HeadlessChromium implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Process driver;
    private final URI session;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private HeadlessChromium(Process driver, URI session) {
        this.driver = driver;
        this.session = session;
    }

    static HeadlessChromium start(Path userDataDir) throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("chromium and chromedriver are required under CI=true "
                    + "(apt-get install chromium chromium-driver; ./thumbd test installs them)");
        }
        assumeTrue(present, "chromium or chromedriver is not installed (apt-get install chromium chromium-driver)");
        int port;
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Process p = new ProcessBuilder(DRIVER.toString(), "--port=" + port).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        URI base = URI.create("http://127.0.0.1:" + port);
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; ; i++) {
            try {
                if (http.send(HttpRequest.newBuilder(base.resolve("/status")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                if (i > 200) {
                    p.destroyForcibly();
                    throw new IllegalStateException("chromedriver did not start", notYet);
                }
            }
            Thread.sleep(50);
        }
        Map<String, Object> caps = Map.of("capabilities", Map.of("alwaysMatch", Map.of(
                "browserName", "chrome",
                "goog:chromeOptions", Map.of("binary", CHROMIUM.toString(), "args", List.of("--headless=new",
                        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900",
                        "--user-data-dir=" + userDataDir)))));
        JsonNode created = post(http, base.resolve("/session"), caps);
        String id = created.path("value").path("sessionId").asString("");
        if (id.isEmpty()) {
            p.destroyForcibly();
            throw new IllegalStateException("no WebDriver session: " + created);
        }
        return new HeadlessChromium(p, URI.create(base + "/session/" + id + "/"));
    }

    private static JsonNode post(HttpClient http, URI uri, Object body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode node = JSON.readTree(r.body());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("WebDriver " + uri + ": " + r.statusCode() + " " + r.body());
        }
        return node;
    }

    void open(String url) throws Exception {
        post(http, session.resolve("url"), Map.of("url", url));
    }

    /** Runs {@code script} (a function body; {@code return} gives the result) in the page. */
    JsonNode run(String script) throws Exception {
        return post(http, session.resolve("execute/sync"), Map.of("script", script, "args", List.of())).path("value");
    }

    byte[] screenshot() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(session.resolve("screenshot")).build(),
                HttpResponse.BodyHandlers.ofString());
        return Base64.getDecoder().decode(JSON.readTree(r.body()).path("value").asString(""));
    }

    /** Ends the browser session and stops the driver (and with it the browser). */
    @Override
    public void close() throws IOException {
        try {
            http.send(HttpRequest.newBuilder(URI.create(session.toString().replaceAll("/$", ""))).DELETE().build(),
                    HttpResponse.BodyHandlers.discarding());
            driver.destroy();
            if (!driver.waitFor(10, TimeUnit.SECONDS)) {
                driver.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            driver.destroyForcibly();
        } finally {
            if (driver.isAlive()) {
                driver.destroyForcibly();
            }
        }
    }
}
