package dev.thumbd.storage.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.spec.InvalidParameterException;
import dev.thumbd.storage.Bodies;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Against a JDK HTTP server on 127.0.0.1; the loopback block is allowed explicitly where a test needs it. */
class RemoteSourceTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final byte[] IMAGE = Bodies.random(7, 50_000);

    private HttpServer server;
    private ExecutorService executor;
    private String base;
    private final AtomicReference<String> hostHeader = new AtomicReference<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.createContext("/cat.jpg", ex -> {
            hostHeader.set(ex.getRequestHeaders().getFirst("Host"));
            ex.getResponseHeaders().set("Content-Type", "image/jpeg");
            ex.getResponseHeaders().set("ETag", "\"v1\"");
            send(ex, 200, IMAGE, IMAGE.length);
        });
        server.createContext("/chunked.jpg", ex -> send(ex, 200, IMAGE, 0));
        server.createContext("/missing.jpg", ex -> send(ex, 404, new byte[0], -1));
        server.createContext("/broken.jpg", ex -> send(ex, 500, new byte[0], -1));
        server.createContext("/hop", ex -> {
            int n = Integer.parseInt(ex.getRequestURI().getQuery());
            ex.getResponseHeaders().set("Location", n == 0 ? "/cat.jpg" : "/hop?" + (n - 1));
            send(ex, 302, new byte[0], -1);
        });
        server.createContext("/away", ex -> {
            ex.getResponseHeaders().set("Location", "http://elsewhere.example/cat.jpg");
            send(ex, 301, new byte[0], -1);
        });
        server.createContext("/slow-headers", ex -> {
            sleep(3_000);
            send(ex, 200, IMAGE, IMAGE.length);
        });
        server.createContext("/slow-body", ex -> {
            ex.sendResponseHeaders(200, IMAGE.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(IMAGE, 0, 1000);
                out.flush();
                sleep(3_000);
                out.write(IMAGE, 1000, IMAGE.length - 1000);
            } catch (IOException e) {
                // The client gave up on the stalled body, as the test wants.
                return;
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static RemoteSourceProperties loopbackAllowed() {
        return new RemoteSourceProperties(true, Set.of("127.0.0.1", "localhost"), true, List.of("127.0.0.0/8"),
                2, 100_000, Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ofSeconds(10));
    }

    private static RemoteSourceProperties withMaxBytes(RemoteSourceProperties p, long maxBytes) {
        return new RemoteSourceProperties(p.enabled(), p.allowedHosts(), p.allowHttp(), p.allowedAddresses(),
                p.maxRedirects(), maxBytes, p.connectTimeout(), p.readTimeout(), p.totalTimeout());
    }

    private static ProblemType failure(Mono<?> call) {
        Throwable e = catchThrowable(() -> call.block(WAIT));
        assertThat(e).isInstanceOf(ProblemException.class);
        return ((ProblemException) e).type();
    }

    private static byte[] bytes(RemoteObject object) {
        ByteBuffer content = object.content();
        byte[] bytes = new byte[content.remaining()];
        content.duplicate().get(bytes);
        return bytes;
    }

    @Test
    void fetchesFromAnAllowedHost() {
        RemoteObject object = new RemoteSource(loopbackAllowed()).fetch(base + "/cat.jpg").block(WAIT);
        assertThat(object).isNotNull();
        assertThat(bytes(object)).isEqualTo(IMAGE);
        assertThat(object.contentType()).isEqualTo("image/jpeg");
        assertThat(object.etag()).isEqualTo("\"v1\"");
        assertThat(object.content().isReadOnly()).isTrue();
    }

    @Test
    void connectsToTheCheckedAddressButSpeaksToTheName() {
        int port = server.getAddress().getPort();
        RemoteObject object = new RemoteSource(loopbackAllowed())
                .fetch("http://localhost:" + port + "/cat.jpg").block(WAIT);
        assertThat(bytes(object)).isEqualTo(IMAGE);
        assertThat(hostHeader.get()).isEqualTo("localhost:" + port);
    }

    @Test
    void refusesLoopbackUnlessAllowed() {
        RemoteSourceProperties p = loopbackAllowed();
        RemoteSourceProperties strict = new RemoteSourceProperties(true, p.allowedHosts(), true, List.of(),
                p.maxRedirects(), p.maxBytes(), p.connectTimeout(), p.readTimeout(), p.totalTimeout());
        RemoteSource source = new RemoteSource(strict);
        int port = server.getAddress().getPort();
        for (String url : List.of(base + "/cat.jpg", "http://localhost:" + port + "/cat.jpg")) {
            Throwable e = catchThrowable(() -> source.fetch(url).block(WAIT));
            assertThat(e).as(url).isInstanceOf(ProblemException.class)
                    .hasMessageContaining("non-public address");
            assertThat(((ProblemException) e).type()).isEqualTo(ProblemType.SOURCE_UNREACHABLE);
        }
        assertThat(hostHeader.get()).as("no request reached the server").isNull();
    }

    @Test
    void refusesUrlsThatAreNotAllowed() {
        RemoteSource source = new RemoteSource(loopbackAllowed());
        for (String url : List.of("http://example.com/cat.jpg", "ftp://127.0.0.1/cat.jpg",
                "http://user:pw@127.0.0.1/cat.jpg", "http:///cat.jpg", "http://127.0.0.1:99999999/x", "https://")) {
            Throwable e = catchThrowable(() -> source.fetch(url).block(WAIT));
            assertThat(e).as(url).isInstanceOf(InvalidParameterException.class);
            assertThat(((InvalidParameterException) e).detail())
                    .startsWith("Expected a storage key or an allow-listed https URL for src but received");
        }
        RemoteSourceProperties p = loopbackAllowed();
        RemoteSource httpsOnly = new RemoteSource(new RemoteSourceProperties(true, p.allowedHosts(), false,
                p.allowedAddresses(), 2, 100_000, p.connectTimeout(), p.readTimeout(), p.totalTimeout()));
        assertThat(failure(httpsOnly.fetch(base + "/cat.jpg"))).isEqualTo(ProblemType.INVALID_PARAMETER);
        RemoteSource off = new RemoteSource(RemoteSourceProperties.defaults());
        assertThat(catchThrowable(() -> off.fetch(base + "/cat.jpg").block(WAIT)))
                .hasMessageContaining("remote sources are disabled");
    }

    @Test
    void allowListWildcardsMatchSubdomainsOnly() {
        RemoteSourceProperties p = RemoteSourceProperties.defaults().enabledFor(Set.of("*.Example.com"));
        assertThat(p.allowsHost("cdn.example.com")).isTrue();
        assertThat(p.allowsHost("a.b.example.com")).isTrue();
        assertThat(p.allowsHost("example.com")).isFalse();
        assertThat(p.allowsHost("evilexample.com")).isFalse();
    }

    @Test
    void enforcesTheSizeLimit() {
        RemoteSource small = new RemoteSource(withMaxBytes(loopbackAllowed(), IMAGE.length - 1));
        assertThat(failure(small.fetch(base + "/cat.jpg"))).as("declared length")
                .isEqualTo(ProblemType.SOURCE_TOO_LARGE);
        assertThat(failure(small.fetch(base + "/chunked.jpg"))).as("streamed length")
                .isEqualTo(ProblemType.SOURCE_TOO_LARGE);
        RemoteSource exact = new RemoteSource(withMaxBytes(loopbackAllowed(), IMAGE.length));
        assertThat(bytes(exact.fetch(base + "/chunked.jpg").block(WAIT))).isEqualTo(IMAGE);
    }

    @Test
    void followsABoundedNumberOfRedirectsEachChecked() {
        RemoteSource source = new RemoteSource(loopbackAllowed());
        assertThat(bytes(source.fetch(base + "/hop?1").block(WAIT))).isEqualTo(IMAGE);
        Throwable tooMany = catchThrowable(() -> source.fetch(base + "/hop?2").block(WAIT));
        assertThat(tooMany).isInstanceOf(ProblemException.class).hasMessageContaining("redirects");
        assertThat(failure(source.fetch(base + "/away"))).isEqualTo(ProblemType.SOURCE_UNREACHABLE);
    }

    @Test
    void mapsOriginStatuses() {
        RemoteSource source = new RemoteSource(loopbackAllowed());
        assertThat(failure(source.fetch(base + "/missing.jpg"))).isEqualTo(ProblemType.SOURCE_NOT_FOUND);
        assertThat(failure(source.fetch(base + "/broken.jpg"))).isEqualTo(ProblemType.SOURCE_UNREACHABLE);
    }

    @Test
    void givesUpOnSlowOrigins() {
        RemoteSource source = new RemoteSource(loopbackAllowed());
        assertThat(failure(source.fetch(base + "/slow-headers"))).isEqualTo(ProblemType.SOURCE_UNREACHABLE);
        assertThat(failure(source.fetch(base + "/slow-body"))).isEqualTo(ProblemType.SOURCE_UNREACHABLE);
    }

    private static void send(HttpExchange ex, int status, byte[] body, long declared) throws IOException {
        ex.sendResponseHeaders(status, declared);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
