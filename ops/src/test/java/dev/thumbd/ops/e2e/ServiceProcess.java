package dev.thumbd.ops.e2e;

import dev.thumbd.ops.RepoFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A packaged thumbd service ({@code resizer/target} or {@code gateway/target}, jar and lib) started as its own JVM on
 * loopback ports, the way it runs in production, optionally with the OpenTelemetry Java agent attached.
 */
final class ServiceProcess implements AutoCloseable {

    static final Path ROOT = RepoFiles.ROOT;
    static final Path OTEL_AGENT = Path.of("target", "otel", "opentelemetry-javaagent.jar").toAbsolutePath();
    private static final Duration READY_WITHIN = Duration.ofSeconds(180);

    /** Which service. */
    enum Kind {
        RESIZER("resizer", "dev.thumbd.resizer.ResizerApplication"),
        GATEWAY("gateway", "dev.thumbd.gateway.GatewayApplication");

        final String module;
        final String main;

        Kind(String module, String main) {
            this.module = module;
            this.main = main;
        }
    }

    private final Process process;
    private final int port;
    private final int managementPort;
    private final Path log;

    private ServiceProcess(Process process, int port, int managementPort, Path log) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
    }

    /**
     * Starts {@code kind} on {@code port} (actuator on {@code managementPort}) and waits until it is ready.
     *
     * @param jvmArgs extra JVM options ({@code -javaagent:...}, {@code -Dotel...})
     * @param args    Spring arguments ({@code --thumbd...})
     */
    static ServiceProcess start(Kind kind, int port, int managementPort, List<String> jvmArgs, List<String> args,
            Map<String, String> env) throws IOException, InterruptedException {
        return start(kind, port, managementPort, List.of("-XX:+UseSerialGC", "-Xmx256m", "-XX:MaxNewSize=32m", "-XX:TieredStopAtLevel=1"),
                jvmArgs, args, env);
    }

    /**
     * Starts the resizer with exactly the JVM options {@code ./thumbd run} gives it: {@code SERVICE_JAVA_OPTS} as the
     * {@code thumbd} script declares it, after the module and native-access flags, and its two malloc arenas.
     */
    static ServiceProcess startLikeThumbdRun(int port, int managementPort, List<String> args)
            throws IOException, InterruptedException {
        Map<String, String> env = noEnv();
        env.put("MALLOC_ARENA_MAX", "2");   // as the thumbd script exports it
        return start(Kind.RESIZER, port, managementPort, serviceJavaOpts(), List.of(), args, env);
    }

    /** {@code SERVICE_JAVA_OPTS} from the {@code thumbd} script, split into options. */
    static List<String> serviceJavaOpts() throws IOException {
        for (String line : Files.readAllLines(ROOT.resolve("thumbd"))) {
            if (line.startsWith("SERVICE_JAVA_OPTS=\"")) {
                String value = line.substring("SERVICE_JAVA_OPTS=\"".length(), line.lastIndexOf('"'));
                return List.of(value.trim().split("\\s+"));
            }
        }
        throw new IllegalStateException("no SERVICE_JAVA_OPTS in the thumbd script");
    }

    private static ServiceProcess start(Kind kind, int port, int managementPort, List<String> baseJvm,
            List<String> jvmArgs, List<String> args, Map<String, String> env) throws IOException, InterruptedException {
        Path target = ROOT.resolve(kind.module).resolve("target");
        Path jar = target.resolve("thumbd-" + kind.module + "-0.1.0-SNAPSHOT.jar");
        if (!Files.isRegularFile(jar) || !Files.isDirectory(target.resolve("lib"))) {
            throw new IllegalStateException("the end-to-end tests start the packaged services: build them first "
                    + "(./mvnw verify packages the modules in order); missing " + jar);
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules=jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(baseJvm);
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", jar + ":" + target.resolve("lib") + "/*", kind.main,
                "--server.port=" + port, "--server.address=127.0.0.1",
                "--management.server.port=" + managementPort, "--management.server.address=127.0.0.1",
                "--logging.level.root=WARN"));
        cmd.addAll(args);
        Path log = Files.createTempFile(kind.module + "-" + port + "-", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        ServiceProcess s = new ServiceProcess(pb.start(), port, managementPort, log);
        s.awaitReady();
        return s;
    }

    /** The JVM options that attach the OpenTelemetry agent, exporting spans as OTLP JSON lines on standard out. */
    static List<String> otelAgent(String serviceName) {
        if (!Files.isRegularFile(OTEL_AGENT)) {
            throw new IllegalStateException("missing " + OTEL_AGENT + " (the ops module's build copies it)");
        }
        return List.of("-javaagent:" + OTEL_AGENT, "-Dotel.service.name=" + serviceName,
                "-Dotel.traces.exporter=logging-otlp", "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none",
                "-Dotel.bsp.schedule.delay=200");
    }

    /** Ports handed out in this JVM: the kernel may offer a just-closed port again, and two services must differ. */
    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** A free loopback port, never one this JVM handed out before (a service's API and management ports differ). */
    static int freePort() {
        while (true) {
            try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
                if (HANDED_OUT.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        URI ready = managementUri("/actuator/health/readiness");
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("exited: " + log());
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
        throw new IllegalStateException("not ready in " + READY_WITHIN.toSeconds() + " s: " + log());
    }

    int port() {
        return port;
    }

    /** The process id (for {@code /proc/PID/status}). */
    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    URI managementUri(String path) {
        return URI.create("http://127.0.0.1:" + managementPort + path);
    }

    /** Everything the process wrote so far. */
    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** Environment for a service: none beyond the inherited one. */
    static Map<String, String> noEnv() {
        return new HashMap<>();
    }
}
