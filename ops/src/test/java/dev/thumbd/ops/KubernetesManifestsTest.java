package dev.thumbd.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/k8s read as Kubernetes would: probes hit the management port's health groups, Services and autoscalers
 * point at what exists, every {@code THUMBD_*} variable is a documented property, the resizer's memory is the bound
 * it reports at start (docs/BENCHMARKS.md), every container is locked down (non-root, read-only root filesystem with
 * writable volumes where the services write, no capabilities, no privilege escalation, the runtime's seccomp
 * profile), images are pinned, and the Redis the configuration names exists.
 */
class KubernetesManifestsTest {

    private static final Path ROOT = RepoFiles.ROOT;
    private static final List<String> THUMBD = List.of("resizer", "resizer-worker", "gateway");
    private static final List<Map<String, Object>> OBJECTS = new ArrayList<>();

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        try (var files = Files.list(ROOT.resolve("deploy/k8s"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                for (Object doc : new Yaml().loadAll(Files.readString(f))) {
                    if (doc != null) {
                        OBJECTS.add((Map<String, Object>) doc);
                    }
                }
            }
        }
    }

    private static List<Map<String, Object>> kind(String kind) {
        return OBJECTS.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Object node, String... path) {
        Object n = node;
        for (String p : path) {
            n = ((Map<String, Object>) n).get(p);
        }
        return (T) n;
    }

    private static String name(Map<String, Object> o) {
        return at(o, "metadata", "name");
    }

    @Test
    @SuppressWarnings("unchecked")
    void deploymentsProbeTheManagementPortAndDeclareDocumentedSettings() throws IOException {
        DocumentedProperties documented = new DocumentedProperties(ROOT);
        assertThat(kind("Deployment")).extracting(KubernetesManifestsTest::name)
                .containsExactlyInAnyOrder("resizer", "resizer-worker", "gateway", "redis");
        for (Map<String, Object> d : kind("Deployment").stream().filter(d -> THUMBD.contains(name(d))).toList()) {
            for (Map<String, Object> c : (List<Map<String, Object>>) at(d, "spec", "template", "spec", "containers")) {
                Map<String, Integer> ports = new HashMap<>();
                for (Map<String, Object> p : (List<Map<String, Object>>) c.get("ports")) {
                    ports.put((String) p.get("name"), (Integer) p.get("containerPort"));
                }
                Map<String, String> env = new HashMap<>();
                for (Map<String, Object> e : (List<Map<String, Object>>) c.get("env")) {
                    env.put((String) e.get("name"), String.valueOf(e.getOrDefault("value", "(secret)")));
                    assertThat(documented.knows((String) e.get("name"))).as(name(d) + ": " + e.get("name")).isTrue();
                }
                assertThat(ports.get("http")).isEqualTo(Integer.parseInt(env.get("SERVER_PORT")));
                assertThat(ports.get("management")).isEqualTo(Integer.parseInt(env.get("MANAGEMENT_SERVER_PORT")));
                assertThat((String) at(c, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
                assertThat((String) at(c, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
                assertThat((Object) at(c, "readinessProbe", "httpGet", "port")).isEqualTo("management");
                assertThat((Object) at(c, "livenessProbe", "httpGet", "port")).isEqualTo("management");
                assertThat((String) at(d, "spec", "template", "metadata", "annotations", "prometheus.io/port"))
                        .isEqualTo(env.get("MANAGEMENT_SERVER_PORT"));
            }
        }
    }

    /** The most a resizer's process holds with the image's flags, as its startup log reports it (BENCHMARKS.md). */
    private static int resizerBoundMib() throws IOException {
        Matcher m = Pattern.compile("process at most about (\\d+) MiB")
                .matcher(Files.readString(ROOT.resolve("docs/BENCHMARKS.md")));
        assertThat(m.find()).as("the resizer's reported process bound in docs/BENCHMARKS.md").isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static int mib(String quantity) {
        if (quantity.endsWith("Gi")) {
            return Integer.parseInt(quantity.replace("Gi", "")) * 1024;
        }
        return Integer.parseInt(quantity.replace("Mi", ""));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theResizerIsGivenTheMemoryItReportsItMayHold() throws IOException {
        for (Map<String, Object> resizer : kind("Deployment").stream()
                .filter(d -> name(d).equals("resizer") || name(d).equals("resizer-worker")).toList()) {
            for (Map<String, Object> c : (List<Map<String, Object>>) at(resizer, "spec", "template", "spec", "containers")) {
                int limit = mib(at(c, "resources", "limits", "memory"));
                int request = mib(at(c, "resources", "requests", "memory"));
                assertThat(limit).as("the limit covers the bound, so an admitted render is never killed")
                        .isGreaterThanOrEqualTo(resizerBoundMib());
                assertThat(request).as("the request is what it may use, so nodes are not overcommitted").isEqualTo(limit);
            }
        }
        for (Map<String, Object> d : kind("Deployment")) {
            for (Map<String, Object> c : (List<Map<String, Object>>) at(d, "spec", "template", "spec", "containers")) {
                assertThat((Object) at(c, "resources", "limits", "memory")).as(name(d) + " memory limit").isNotNull();
                assertThat((Object) at(c, "resources", "requests", "memory")).as(name(d) + " memory request").isNotNull();
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyContainerIsLockedDownWithWritableVolumesWhereItWrites() {
        for (Map<String, Object> d : kind("Deployment")) {
            Map<String, Object> pod = at(d, "spec", "template", "spec");
            Map<String, Object> volumes = new HashMap<>();
            for (Map<String, Object> v : (List<Map<String, Object>>) pod.getOrDefault("volumes", List.of())) {
                volumes.put((String) v.get("name"), v);
            }
            for (Map<String, Object> c : (List<Map<String, Object>>) pod.get("containers")) {
                String who = name(d) + "/" + c.get("name");
                Map<String, Object> sc = (Map<String, Object>) c.get("securityContext");
                assertThat(sc).as(who + " securityContext").isNotNull();
                assertThat(sc.get("runAsNonRoot")).as(who + " runAsNonRoot").isEqualTo(true);
                assertThat(sc.get("readOnlyRootFilesystem")).as(who + " readOnlyRootFilesystem").isEqualTo(true);
                assertThat(sc.get("allowPrivilegeEscalation")).as(who + " allowPrivilegeEscalation").isEqualTo(false);
                assertThat((List<String>) at(sc, "capabilities", "drop")).as(who + " drops").containsExactly("ALL");
                assertThat((Object) at(sc, "capabilities", "add")).as(who + " adds no capability").isNull();
                Object seccomp = sc.containsKey("seccompProfile") ? at(sc, "seccompProfile", "type")
                        : at(pod, "securityContext", "seccompProfile", "type");
                assertThat(seccomp).as(who + " seccomp").isEqualTo("RuntimeDefault");
                Object user = sc.containsKey("runAsUser") ? sc.get("runAsUser") : at(pod, "securityContext", "runAsUser");
                assertThat((Integer) user).as(who + " runs as a numbered non-root user").isPositive();

                Map<String, String> mounts = new HashMap<>();
                for (Map<String, Object> m : (List<Map<String, Object>>) c.getOrDefault("volumeMounts", List.of())) {
                    mounts.put((String) m.get("mountPath"), (String) m.get("name"));
                }
                List<String> writable = switch (name(d)) {
                    case "resizer", "resizer-worker" -> List.of("/tmp", "/var/lib/thumbd/cache");
                    case "gateway" -> List.of("/tmp");
                    default -> List.of("/data");
                };
                for (String path : writable) {
                    assertThat(mounts).as(who + " writes to " + path).containsKey(path);
                    assertThat((Object) at(volumes.get(mounts.get(path)), "emptyDir")).as(who + " " + path + " emptyDir")
                            .isNotNull();
                }
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void imagesArePinnedAndMatchTheComposeFile() throws IOException {
        String version = RepoFiles.projectVersion();
        Map<String, Map<String, Object>> compose =
                (Map<String, Map<String, Object>>) RepoFiles.yaml(ROOT.resolve("docker-compose.yml")).get("services");
        for (Map<String, Object> d : kind("Deployment")) {
            for (Map<String, Object> c : (List<Map<String, Object>>) at(d, "spec", "template", "spec", "containers")) {
                String image = (String) c.get("image");
                assertThat(RepoFiles.pinned(image)).as(name(d) + ": " + image + " is pinned").isTrue();
                if (THUMBD.contains(name(d))) {
                    assertThat(image).isEqualTo("thumbd/" + name(d).replace("-worker", "") + ":" + version);
                }
            }
        }
        Map<String, Object> redis = kind("Deployment").stream().filter(d -> name(d).equals("redis")).findFirst().orElseThrow();
        assertThat((String) at(((List<Object>) at(redis, "spec", "template", "spec", "containers")).getFirst(), "image"))
                .as("the Redis the compose stack runs").isEqualTo(compose.get("redis").get("image"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRedisTheConfigurationNamesIsAServiceOfTheNamespace() {
        Map<String, Object> config = kind("ConfigMap").stream().filter(m -> name(m).equals("thumbd-config")).findFirst().orElseThrow();
        String host = (String) at(config, "data", "SPRING_DATA_REDIS_HOST");
        Map<String, Object> svc = kind("Service").stream().filter(s -> name(s).equals(host)).findFirst().orElseThrow(
                () -> new AssertionError("no Service " + host + " for SPRING_DATA_REDIS_HOST"));
        assertThat((String) at(svc, "metadata", "namespace")).isEqualTo(at(config, "metadata", "namespace"));
        assertThat((List<Map<String, Object>>) at(svc, "spec", "ports")).anySatisfy(p -> assertThat(p.get("port")).isEqualTo(6379));
    }

    @Test
    @SuppressWarnings("unchecked")
    void servicesAutoscalersAndBudgetsPointAtWhatExists() {
        List<String> deployments = kind("Deployment").stream().map(KubernetesManifestsTest::name).toList();
        for (Map<String, Object> hpa : kind("HorizontalPodAutoscaler")) {
            assertThat(deployments).contains((String) at(hpa, "spec", "scaleTargetRef", "name"));
        }
        assertThat(kind("HorizontalPodAutoscaler")).extracting(KubernetesManifestsTest::name).contains("resizer");
        for (Map<String, Object> pdb : kind("PodDisruptionBudget")) {
            Map<String, Object> labels = at(pdb, "spec", "selector", "matchLabels");
            assertThat(kind("Deployment")).anySatisfy(d ->
                    assertThat((Map<String, Object>) at(d, "spec", "template", "metadata", "labels")).containsAllEntriesOf(labels));
        }
        for (Map<String, Object> svc : kind("Service")) {
            Map<String, Object> selector = at(svc, "spec", "selector");
            assertThat(kind("Deployment")).as(name(svc)).anySatisfy(d ->
                    assertThat((Map<String, Object>) at(d, "spec", "template", "metadata", "labels")).containsAllEntriesOf(selector));
        }
        Map<String, Object> gateway = kind("Deployment").stream().filter(d -> name(d).equals("gateway")).findFirst().orElseThrow();
        String env = String.valueOf((Object) at(gateway, "spec", "template", "spec"));
        assertThat(env).contains("THUMBD_GATEWAY_RESIZERS_DNS").contains("resizer.thumbd.svc.cluster.local:8081");
        // the workers serve no API: no Service selects them, so the gateway's DNS never lists one
        Map<String, Object> workers = kind("Deployment").stream().filter(d -> name(d).equals("resizer-worker"))
                .findFirst().orElseThrow();
        Map<String, Object> workerLabels = at(workers, "spec", "template", "metadata", "labels");
        for (Map<String, Object> svc : kind("Service")) {
            Map<String, Object> selector = at(svc, "spec", "selector");
            assertThat(workerLabels.entrySet().containsAll(selector.entrySet())).as(name(svc) + " selects workers")
                    .isFalse();
        }
        assertThat(String.valueOf((Object) at(workers, "spec", "template", "spec"))).contains("THUMBD_ROLE")
                .contains("worker");
    }
}
