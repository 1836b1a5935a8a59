package dev.thumbd.gateway.it;

import dev.thumbd.gateway.GatewayApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The gateway application in this JVM on a free loopback port, with a plain HTTP client. */
final class GatewayServer implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final int port;
    private final int managementPort;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private GatewayServer(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
        this.managementPort = Integer.parseInt(context.getEnvironment().getProperty("local.management.port"));
    }

    static GatewayServer start(List<ResizerProcess> resizers, Map<String, String> properties) {
        return startOn(resizers.stream().map(ResizerProcess::uri).toList(), properties);
    }

    /** A gateway in front of replicas at {@code resizers} (real ones, or stand-ins). */
    static GatewayServer startOn(List<URI> resizers, Map<String, String> properties) {
        Map<String, String> p = new HashMap<>();
        p.put("server.port", "0");
        p.put("server.address", "127.0.0.1");
        p.put("management.server.port", "0");
        p.put("management.server.address", "127.0.0.1");
        p.put("logging.level.root", "WARN");
        // the tests look at which replica answered; deployments keep internal addresses to themselves (the default)
        p.put("thumbd.gateway.replica-header", "true");
        p.put("thumbd.gateway.resizers", String.join(",", resizers.stream().map(URI::toString).toList()));
        p.putAll(properties);
        String[] args = p.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new GatewayServer(new SpringApplicationBuilder(GatewayApplication.class).run(args));
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    HttpResponse<byte[]> get(String pathAndQuery, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(60)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.build());
    }

    /**
     * Asks for a thumbnail until this gateway answers it from its hot thumbnails. A write's invalidations reach the
     * gateways asynchronously (after the purge fan-out, over Redis), and one arriving late rightly drops what was
     * kept in between; once they are through, a repeat is a hit.
     */
    HttpResponse<byte[]> awaitHit(String pathAndQuery) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        HttpResponse<byte[]> r;
        do {
            r = get(pathAndQuery);
            if ("cache;desc=gateway".equals(r.headers().firstValue("Server-Timing").orElse(null))) {
                return r;
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no hot-thumbnail answer for " + pathAndQuery + " in 10 s; last: "
                + r.statusCode() + " " + r.headers().map());
    }

    URI managementUri(String path) {
        return URI.create("http://127.0.0.1:" + managementPort + path);
    }

    HttpResponse<byte[]> management(String path) {
        return send(HttpRequest.newBuilder(managementUri(path)).GET().build());
    }

    HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
