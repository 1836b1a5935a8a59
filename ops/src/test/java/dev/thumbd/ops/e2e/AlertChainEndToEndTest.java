package dev.thumbd.ops.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.ops.RepoFiles;
import dev.thumbd.ops.RequiredTool;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The alert-driven degradation chain, every link real: a resizer under load, Prometheus scraping it and evaluating
 * {@code prometheus/rules/thumbd.rules.yml}, Alertmanager routing with {@code alertmanager/alertmanager.yml}, its
 * webhook raising the resizer's level; then the load stops, the alert resolves and the level returns to 0.
 *
 * <p>The configuration files are the repository's own, changed only where a test must: the compose host names and
 * ports become this machine's loopback ports (mapped through docker-compose.yml, so a webhook aimed at the wrong port
 * fails here), intervals and {@code for} durations shrink to seconds. The expressions and routes are untouched.
 */
class AlertChainEndToEndTest {

    private static final String TOKEN = "alert-chain-token";
    private static final Pattern FOR = Pattern.compile("(?m)^(?<key>\\s+for:\\s*)\\S+\\s*$");

    @TempDir
    Path dir;

    @Test
    void loadRaisesTheLevelThroughPrometheusAndAlertmanagerAndItFallsBackToZero() throws Exception {
        String prometheusBin = RequiredTool.path("prometheus", "prometheus");
        String alertmanagerBin = RequiredTool.path("prometheus-alertmanager", "prometheus-alertmanager");
        Path store = Files.createDirectories(dir.resolve("data"));
        Files.copy(ServiceProcess.ROOT.resolve("samples/landscape.jpg"), store.resolve("landscape.jpg"));
        int port = ServiceProcess.freePort();
        int management = ServiceProcess.freePort();
        int promPort = ServiceProcess.freePort();
        int amPort = ServiceProcess.freePort();
        String instance = "127.0.0.1:" + management;

        Map<String, String> composePorts = composeResizerPorts();
        writePrometheusConfig(instance, amPort);
        writeAlertmanagerConfig(Map.of(
                composePorts.get("SERVER_PORT"), "127.0.0.1:" + port,
                composePorts.get("MANAGEMENT_SERVER_PORT"), instance));

        try (ServiceProcess resizer = ServiceProcess.start(ServiceProcess.Kind.RESIZER, port, management, List.of(),
                List.of("--thumbd.store.root=" + store, "--thumbd.cache.enabled=false",
                        "--thumbd.upload.tokens=" + TOKEN, "--thumbd.admission.workers=1",
                        "--thumbd.admission.queue=4", "--thumbd.degradation.instance=" + instance),
                ServiceProcess.noEnv());
             Tool alertmanager = Tool.start(dir.resolve("alertmanager.log"), alertmanagerBin,
                     "--config.file=" + dir.resolve("alertmanager.yml"), "--storage.path=" + dir.resolve("am"),
                     "--web.listen-address=127.0.0.1:" + amPort, "--cluster.listen-address=");
             Tool prometheus = Tool.start(dir.resolve("prometheus.log"), prometheusBin,
                     "--config.file=" + dir.resolve("prometheus.yml"), "--storage.tsdb.path=" + dir.resolve("tsdb"),
                     "--web.listen-address=127.0.0.1:" + promPort)) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertThat(degradation(http, resizer)).containsEntry("level", 0);

            AtomicBoolean loading = new AtomicBoolean(true);
            AtomicInteger width = new AtomicInteger(100);
            ExecutorService load = Executors.newVirtualThreadPerTaskExecutor();
            for (int i = 0; i < 10; i++) {
                load.submit(() -> {
                    while (loading.get()) {
                        HttpRequest r = HttpRequest.newBuilder(resizer.uri("/v1/resize?src=landscape.jpg&fmt=avif&w="
                                + (100 + width.getAndIncrement() % 900))).timeout(Duration.ofSeconds(30)).build();
                        try {
                            http.send(r, HttpResponse.BodyHandlers.discarding());
                        } catch (IOException e) {
                            // the level may shed it; the load goes on
                        }
                    }
                    return null;
                });
            }
            long loadStarted = System.nanoTime();
            Map<String, Integer> raised;
            try {
                raised = awaitDegradation(http, resizer, d -> d.get("alertLevel") >= 2, Duration.ofSeconds(150),
                        prometheus, alertmanager);
            } finally {
                loading.set(false);
                load.shutdown();
                assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            }
            long loadStopped = System.nanoTime();
            System.out.printf("alert chain: alert level %d after %.1f s of load (state %s)%n", raised.get("alertLevel"),
                    (loadStopped - loadStarted) / 1e9, raised);
            assertThat(raised.get("level")).isGreaterThanOrEqualTo(2);
            assertThat(text(http, resizer.managementUri("/actuator/prometheus")))
                    .containsPattern("thumbd_degradation_level\\{[^}]*} [2-4]\\.0");

            Map<String, Integer> calm = awaitDegradation(http, resizer, d -> d.get("level") == 0,
                    Duration.ofSeconds(240), prometheus, alertmanager);
            System.out.printf("alert chain: level 0 again %.1f s after the load stopped%n",
                    (System.nanoTime() - loadStopped) / 1e9);
            assertThat(calm).containsEntry("alertLevel", 0).containsEntry("localLevel", 0);

            // and it stays there while the last (slowest) requests of the load leave the rules' one-minute windows
            long settled = Math.max(System.nanoTime() + TimeUnit.SECONDS.toNanos(10),
                    loadStopped + TimeUnit.SECONDS.toNanos(80));
            while (System.nanoTime() < settled) {
                assertThat(degradation(http, resizer)).as("level after the load stopped").containsEntry("level", 0);
                Thread.sleep(500);
            }
            assertThat(text(http, URI.create("http://127.0.0.1:" + amPort + "/api/v2/alerts?active=true")))
                    .doesNotContain("\"degradation\":\"true\"");
        }
    }

    /** SERVER_PORT and MANAGEMENT_SERVER_PORT of resizer-1 in docker-compose.yml. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> composeResizerPorts() throws IOException {
        Map<String, Object> compose = RepoFiles.yaml(ServiceProcess.ROOT.resolve("docker-compose.yml"));
        Map<String, Object> resizer = ((Map<String, Map<String, Object>>) compose.get("services")).get("resizer-1");
        Map<String, Object> env = (Map<String, Object>) resizer.get("environment");
        return Map.of("SERVER_PORT", "resizer-1:" + env.get("SERVER_PORT"),
                "MANAGEMENT_SERVER_PORT", "resizer-1:" + env.get("MANAGEMENT_SERVER_PORT"));
    }

    /** prometheus/prometheus.yml with loopback targets and 1 s intervals; the rules with {@code for} of 2 s. */
    @SuppressWarnings("unchecked")
    private void writePrometheusConfig(String resizerInstance, int amPort) throws IOException {
        Path real = ServiceProcess.ROOT.resolve("prometheus");
        Map<String, Object> config = RepoFiles.yaml(real.resolve("prometheus.yml"));
        config.put("global", Map.of("scrape_interval", "1s", "evaluation_interval", "1s"));
        Path rules = Files.createDirectories(dir.resolve("rules"));
        try (var files = Files.list(real.resolve("rules"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".yml")).toList()) {
                Files.writeString(rules.resolve(f.getFileName()), FOR.matcher(Files.readString(f)).replaceAll("${key}2s"));
            }
        }
        config.put("rule_files", List.of(rules + "/*.yml"));
        config.put("alerting", Map.of("alertmanagers",
                List.of(Map.of("static_configs", List.of(Map.of("targets", List.of("127.0.0.1:" + amPort)))))));
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) config.get("scrape_configs");
        Map<String, Object> resizerJob = jobs.stream().filter(j -> "thumbd-resizer".equals(j.get("job_name")))
                .findFirst().orElseThrow();
        resizerJob.put("static_configs", List.of(Map.of("targets", List.of(resizerInstance))));
        config.put("scrape_configs", List.of(resizerJob));
        Files.writeString(dir.resolve("prometheus.yml"), dump(config));
    }

    /**
     * alertmanager/alertmanager.yml with timings in seconds, the webhook of resizer-1 pointed at this resizer (its
     * compose host:port mapped through {@code hosts}) and the token file written here; the other replicas dropped.
     */
    @SuppressWarnings("unchecked")
    private void writeAlertmanagerConfig(Map<String, String> hosts) throws IOException {
        Map<String, Object> config = RepoFiles.yaml(ServiceProcess.ROOT.resolve("alertmanager/alertmanager.yml"));
        Path token = dir.resolve("degradation-token");
        Files.writeString(token, TOKEN);
        shorten((Map<String, Object>) config.get("route"));
        for (Map<String, Object> receiver : (List<Map<String, Object>>) config.get("receivers")) {
            List<Map<String, Object>> hooks = (List<Map<String, Object>>) receiver.get("webhook_configs");
            if (hooks == null) {
                continue;
            }
            List<Map<String, Object>> kept = new ArrayList<>();
            for (Map<String, Object> hook : hooks) {
                URI url = URI.create((String) hook.get("url"));
                String mapped = hosts.get(url.getHost() + ":" + url.getPort());
                if (url.getHost().equals("resizer-1")) {
                    assertThat(mapped).as("webhook " + url + " aims at a port resizer-1 does not serve in "
                            + "docker-compose.yml").isNotNull();
                    hook.put("url", "http://" + mapped + url.getPath());
                    ((Map<String, Object>) ((Map<String, Object>) hook.get("http_config")).get("authorization"))
                            .put("credentials_file", token.toString());
                    kept.add(hook);
                }
            }
            assertThat(kept).as("a webhook for resizer-1 in " + receiver.get("name")).isNotEmpty();
            receiver.put("webhook_configs", kept);
        }
        Files.writeString(dir.resolve("alertmanager.yml"), dump(config));
    }

    @SuppressWarnings("unchecked")
    private static void shorten(Map<String, Object> route) {
        route.put("group_wait", "1s");
        route.put("group_interval", "2s");
        route.put("repeat_interval", "1m");
        for (Object child : (List<Object>) route.getOrDefault("routes", List.of())) {
            shorten((Map<String, Object>) child);
        }
    }

    private Map<String, Integer> awaitDegradation(HttpClient http, ServiceProcess resizer,
            java.util.function.Predicate<Map<String, Integer>> until, Duration within, Tool prometheus,
            Tool alertmanager) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        Map<String, Integer> d = Map.of();
        while (System.nanoTime() < deadline) {
            d = degradation(http, resizer);
            if (until.test(d)) {
                return d;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("degradation state " + d + " after " + within.toSeconds() + " s\n--- prometheus alerts: "
                + prometheus.get("/api/v1/alerts") + "\n--- alertmanager:\n" + alertmanager.log()
                + "\n--- resizer:\n" + resizer.log());
    }

    private static Map<String, Integer> degradation(HttpClient http, ServiceProcess resizer) throws Exception {
        String body = http.send(HttpRequest.newBuilder(resizer.uri("/admin/degradation"))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Integer> out = new java.util.HashMap<>();
        Matcher m = Pattern.compile("\"(\\w+)\":(\\d+)").matcher(body);
        while (m.find()) {
            out.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        assertThat(out).as(body).containsKeys("level", "localLevel", "alertLevel");
        return out;
    }

    private static String text(HttpClient http, URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String dump(Map<String, Object> config) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(config);
    }

    /** A monitoring binary run for the test, its output in a file. */
    record Tool(Process process, Path logFile, String listen) implements AutoCloseable {

        static Tool start(Path log, String... command) throws Exception {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            String listen = java.util.Arrays.stream(command).filter(a -> a.startsWith("--web.listen-address="))
                    .map(a -> a.substring(a.indexOf('=') + 1)).findFirst().orElseThrow();
            Tool t = new Tool(p, log, listen);
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < 300; i++) {
                if (!p.isAlive()) {
                    throw new IllegalStateException(command[0] + " exited: " + t.log());
                }
                try {
                    if (http.send(HttpRequest.newBuilder(URI.create("http://" + listen + "/-/ready")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return t;
                    }
                } catch (IOException notYet) {
                    // starting
                }
                Thread.sleep(100);
            }
            p.destroyForcibly();
            throw new IllegalStateException(command[0] + " not ready in 30 s: " + t.log());
        }

        String get(String path) {
            try {
                return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + listen + path))
                        .build(), HttpResponse.BodyHandlers.ofString()).body();
            } catch (Exception e) {
                return e.toString();
            }
        }

        String log() {
            try {
                return Files.readString(logFile);
            } catch (IOException e) {
                return e.toString();
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
