package dev.thumbd.resizer.http;

import dev.thumbd.key.ObjectKey;
import dev.thumbd.resizer.ResizerApplication;
import dev.thumbd.resizer.fixture.TestImages;
import dev.thumbd.storage.ObjectStore;
import dev.thumbd.storage.PutOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Flux;

/** The resizer application started on a free loopback port, with a plain HTTP client to talk to it. */
final class ResizerServer implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final ConfigurableApplicationContext context;
    private final int port;
    private final int managementPort;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private ResizerServer(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
        this.managementPort = Integer.parseInt(context.getEnvironment().getProperty("local.management.port"));
    }

    static ResizerServer start(Map<String, Object> properties) {
        Map<String, Object> p = new HashMap<>();
        p.put("server.port", "0");
        p.put("server.address", "127.0.0.1");
        p.put("management.server.port", "0");
        p.put("management.server.address", "127.0.0.1");
        p.put("logging.level.root", "WARN");
        p.put("thumbd.upload.tokens", "test-token");
        p.putAll(properties);
        if (!p.containsKey("thumbd.jobs.journal")) {
            // each server its own queue journal (the default lives beside the disk cache, which tests share)
            try {
                p.put("thumbd.jobs.journal", java.nio.file.Files.createTempDirectory("thumbd-jobs").resolve("journal"));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        // As command-line arguments: they take precedence over application.yml (default properties would not).
        String[] args = p.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new ResizerServer(new SpringApplicationBuilder(ResizerApplication.class).run(args));
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** Stores a test image under {@code key}, bypassing the API (so even files the API would refuse get in). */
    void seed(String key, String testImage) {
        seedBytes(key, TestImages.bytes(testImage));
    }

    /** Stores {@code bytes} under {@code key}, bypassing the API. */
    void seedBytes(String key, byte[] bytes) {
        bean(ObjectStore.class).put(ObjectKey.parse(key), Flux.just(ByteBuffer.wrap(bytes)),
                PutOptions.of("application/octet-stream").withLength(bytes.length)).block(WAIT);
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    /** GET on the management port ({@code /actuator/...}). */
    HttpResponse<byte[]> management(String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .timeout(WAIT).GET().build());
    }

    HttpResponse<byte[]> get(String pathAndQuery, String... headers) {
        return send(request(pathAndQuery, headers).GET().build());
    }

    HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    java.util.concurrent.CompletableFuture<HttpResponse<byte[]>> sendAsync(HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpRequest.Builder request(String pathAndQuery, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(WAIT);
        if (headers.length > 0) {
            b.headers(headers);
        }
        return b;
    }

    @Override
    public void close() {
        context.close();
    }
}
