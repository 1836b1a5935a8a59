package dev.thumbd.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs where the tests run, so the compose stack is checked by reading it: every build path and
 * mounted file exists, every {@code THUMBD_*} variable is a documented property, the ports and host names that the
 * gateway, Prometheus and Alertmanager use are the ones the services listen on, every image is pinned, and thumbd's
 * containers run on a read-only root filesystem. deploy/smoke/run.sh starts the stack for real (docs/DEPLOY.md).
 */
class ComposeFileTest {

    private static final Path ROOT = RepoFiles.ROOT;

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() throws IOException {
        return (Map<String, Map<String, Object>>) RepoFiles.yaml(ROOT.resolve("docker-compose.yml")).get("services");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> env(Map<String, Object> service) {
        Map<String, String> out = new java.util.TreeMap<>();
        ((Map<String, Object>) service.getOrDefault("environment", Map.of())).forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    @Test
    @SuppressWarnings("unchecked")
    void buildPathsAndMountedFilesExist() throws IOException {
        for (var e : services().entrySet()) {
            Object build = e.getValue().get("build");
            if (build instanceof Map<?, ?> b) {
                Path context = ROOT.resolve((String) b.get("context"));
                assertThat(context.resolve((String) b.get("dockerfile"))).as(e.getKey()).isRegularFile();
                for (String line : Files.readAllLines(context.resolve((String) b.get("dockerfile")))) {
                    Matcher m = Pattern.compile("^COPY (?!--from)(\\S+) ").matcher(line);
                    if (m.find() && !m.group(1).equals(".")) {
                        assertThat(context.resolve(m.group(1))).as(e.getKey() + ": " + line).exists();
                    }
                }
            }
            for (Object v : (List<Object>) e.getValue().getOrDefault("volumes", List.of())) {
                String host = String.valueOf(v).split(":")[0];
                if (host.startsWith("./")) {
                    assertThat(ROOT.resolve(host)).as(e.getKey() + " mounts " + host).exists();
                }
            }
        }
    }

    @Test
    void everyThumbdVariableIsADocumentedProperty() throws IOException {
        DocumentedProperties documented = new DocumentedProperties(ROOT);
        List<String> unknown = new ArrayList<>();
        for (var s : services().entrySet()) {
            env(s.getValue()).keySet().stream().filter(n -> !documented.knows(n)).forEach(n -> unknown.add(s.getKey() + ": " + n));
        }
        assertThat(unknown).as("variables that bind to no documented property").isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void portsAndHostsAgreeAcrossGatewayPrometheusAndAlertmanager() throws IOException {
        Map<String, Map<String, Object>> services = services();
        Map<String, String> gateway = env(services.get("gateway"));
        Map<String, String> resizer = env(services.get("resizer-1"));
        String resizerPort = resizer.get("SERVER_PORT");
        String resizerManagement = resizer.get("MANAGEMENT_SERVER_PORT");
        assertThat(resizerPort).isNotEqualTo(resizerManagement);
        for (String url : gateway.get("THUMBD_GATEWAY_RESIZERS").split(",")) {
            URI u = URI.create(url.strip());
            assertThat(services).as(url).containsKey(u.getHost());
            assertThat(Integer.toString(u.getPort())).as(url).isEqualTo(
                    env(services.get(u.getHost())).get("SERVER_PORT"));
        }
        assertThat(services).containsKey(gateway.get("SPRING_DATA_REDIS_HOST"));
        assertThat(services).containsKey(URI.create(gateway.get("OTEL_EXPORTER_OTLP_ENDPOINT")).getHost());
        assertThat(String.valueOf(services.get("gateway").get("healthcheck")))
                .contains(":" + gateway.get("MANAGEMENT_SERVER_PORT") + "/actuator/health/readiness");
        assertThat(String.valueOf(services.get("resizer-1").get("healthcheck")))
                .contains(":" + resizerManagement + "/actuator/health/readiness");

        Map<String, Object> prometheus = RepoFiles.yaml(ROOT.resolve("prometheus/prometheus.yml"));
        for (Map<String, Object> job : (List<Map<String, Object>>) prometheus.get("scrape_configs")) {
            assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
            for (Map<String, Object> sc : (List<Map<String, Object>>) job.get("static_configs")) {
                for (String target : (List<String>) sc.get("targets")) {
                    String host = target.split(":")[0];
                    assertThat(services).as(target).containsKey(host);
                    assertThat(target.split(":")[1]).as(target)
                            .isEqualTo(env(services.get(host)).get("MANAGEMENT_SERVER_PORT"));
                }
            }
        }
        String alertmanager = Files.readString(ROOT.resolve("alertmanager/alertmanager.yml"));
        Matcher hook = Pattern.compile("url: http://([a-z0-9-]+):(\\d+)(/\\S*)").matcher(alertmanager);
        int hooks = 0;
        while (hook.find()) {
            hooks++;
            assertThat(services).as(hook.group()).containsKey(hook.group(1));
            assertThat(hook.group(2)).as(hook.group()).isEqualTo(env(services.get(hook.group(1))).get("MANAGEMENT_SERVER_PORT"));
        }
        assertThat(hooks).isEqualTo(services.keySet().stream().filter(n -> n.startsWith("resizer-")).count());
    }

    @Test
    void everyImageIsPinnedAndThumbdsCarryTheProjectVersion() throws IOException {
        String version = RepoFiles.projectVersion();
        for (var e : services().entrySet()) {
            String image = (String) e.getValue().get("image");
            assertThat(image).as(e.getKey() + " names its image").isNotNull();
            assertThat(RepoFiles.pinned(image)).as(e.getKey() + ": " + image + " is pinned to a release").isTrue();
            if (e.getValue().containsKey("build")) {
                assertThat(image).as(e.getKey() + " is built here").startsWith("thumbd/").endsWith(":" + version);
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void thumbdContainersHaveAReadOnlyRootAndWritableTmpAndCache() throws IOException {
        for (var e : services().entrySet()) {
            if (!e.getValue().containsKey("build")) {
                continue;
            }
            assertThat(e.getValue().get("read_only")).as(e.getKey() + " read_only").isEqualTo(true);
            assertThat((List<Object>) e.getValue().get("tmpfs")).as(e.getKey() + " tmpfs").contains("/tmp");
            if (e.getKey().startsWith("resizer-")) {
                List<Object> volumes = (List<Object>) e.getValue().getOrDefault("volumes", List.of());
                assertThat(volumes).as(e.getKey() + " mounts its disk cache")
                        .anySatisfy(v -> assertThat(String.valueOf(v)).endsWith(":/var/lib/thumbd/cache"));
            }
        }
    }

    @Test
    void publishedPortsCanBeMovedSoTheSmokeTestFindsFreeOnes() throws IOException {
        for (var e : services().entrySet()) {
            for (Object port : (List<?>) e.getValue().getOrDefault("ports", List.of())) {
                assertThat(String.valueOf(port)).as(e.getKey() + " publishes " + port)
                        .matches("\\$\\{THUMBD_[A-Z_]+_PORT:-\\d+}:\\d+");
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void secretsMountOutsideReadOnlyMountsWhereAlertmanagerReadsThem() throws IOException {
        Map<String, Map<String, Object>> services = services();
        for (var e : services.entrySet()) {
            List<String> readOnly = ((List<Object>) e.getValue().getOrDefault("volumes", List.of())).stream()
                    .map(String::valueOf).filter(v -> v.endsWith(":ro")).map(v -> v.split(":")[1]).toList();
            for (Object secret : (List<Object>) e.getValue().getOrDefault("secrets", List.of())) {
                String target = secret instanceof Map<?, ?> m && m.get("target") != null ? (String) m.get("target")
                        : "/run/secrets/" + (secret instanceof Map<?, ?> m ? m.get("source") : secret);
                // the runtime cannot make the secret's mount point inside a read-only mount
                assertThat(readOnly).as(e.getKey() + ": secret " + target)
                        .noneSatisfy(dir -> assertThat(target).startsWith(dir + "/"));
                if (e.getKey().equals("alertmanager")) {
                    assertThat(Files.readString(ROOT.resolve("alertmanager/alertmanager.yml")))
                            .contains("credentials_file: " + target);
                }
            }
        }
    }
}
