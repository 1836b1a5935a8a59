package dev.thumbd.gateway.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real resizer: the packaged {@code resizer/target} jar started as its own JVM on free loopback ports, the way a
 * replica runs, so the gateway's tests route over real sockets to real processes that can be killed.
 */
final class ResizerProcess implements AutoCloseable {

    private static final Path RESIZER = Path.of("..", "resizer", "target").toAbsolutePath().normalize();

    private final Process process;
    private final int port;
    private final int managementPort;
    private final Path log;

    private ResizerProcess(Process process, int port, int managementPort, Path log) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
    }

    /** Starts a replica over {@code storeRoot} and waits until it is ready. */
    static ResizerProcess start(Path storeRoot, Path cacheDir, String uploadToken, List<String> extraArgs)
            throws IOException, InterruptedException {
        Path jar = RESIZER.resolve("thumbd-resizer-0.1.0-SNAPSHOT.jar");
        if (!Files.isRegularFile(jar) || !Files.isDirectory(RESIZER.resolve("lib"))) {
            throw new IllegalStateException("the gateway's tests start the packaged resizer: build it first "
                    + "(./mvnw package runs the modules in order); missing " + jar);
        }
        int port = freePort();
        int management = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules=jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xmx256m", "-XX:MaxNewSize=32m", "-XX:TieredStopAtLevel=1",
                "-cp", jar + ":" + RESIZER.resolve("lib") + "/*", "dev.thumbd.resizer.ResizerApplication",
                "--server.port=" + port, "--server.address=127.0.0.1",
                "--management.server.port=" + management, "--management.server.address=127.0.0.1",
                "--thumbd.store.root=" + storeRoot, "--thumbd.cache.disk.dir=" + cacheDir,
                "--thumbd.upload.tokens=" + uploadToken, "--logging.level.root=WARN"));
        cmd.addAll(extraArgs);
        Path log = Files.createTempFile("resizer-" + port + "-", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ResizerProcess r = new ResizerProcess(p, port, management, log);
        r.awaitReady(management);
        return r;
    }

    private void awaitReady(int management) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        URI ready = URI.create("http://127.0.0.1:" + management + "/actuator/health/readiness");
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("resizer exited: " + Files.readString(log));
            }
            try {
                if (http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new IllegalStateException("resizer not ready in 120 s: " + Files.readString(log));
    }

    /** Ports handed out in this JVM: the kernel may offer a just-closed port again, and two services must differ. */
    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** A free loopback port, never one this JVM handed out before (a resizer's API and management ports differ). */
    static int freePort() throws IOException {
        while (true) {
            try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
                if (HANDED_OUT.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            }
        }
    }

    int port() {
        return port;
    }

    /** Where its actuator answers ({@code /actuator/prometheus}). */
    URI managementUri(String path) {
        return URI.create("http://127.0.0.1:" + managementPort + path);
    }

    /** {@code 127.0.0.1:port}, as the gateway names replicas. */
    String id() {
        return "127.0.0.1:" + port;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Kills the process at once, as a crash would. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
