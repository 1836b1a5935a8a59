package dev.thumbd.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/k8s read as Kubernetes would: probes hit the management port's health groups, Services and autoscalers
 * point at what exists, every {@code THUMBD_*} variable is a documented property, and memory limits leave room above
 * the measured peak (docs/BENCHMARKS.md).
 */
class KubernetesManifestsTest {

    private static final Path ROOT = RepoFiles.ROOT;
    /** Peak RSS of a resizer under the 64-connection cold load on 12 MP sources, MiB (docs/BENCHMARKS.md). */
    private static final int RESIZER_PEAK_RSS_MIB = 293;
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
        assertThat(kind("Deployment")).extracting(KubernetesManifestsTest::name).containsExactlyInAnyOrder("resizer", "gateway");
        for (Map<String, Object> d : kind("Deployment")) {
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
                String limit = at(c, "resources", "limits", "memory");
                int mib = Integer.parseInt(limit.replace("Mi", ""));
                if (name(d).equals("resizer")) {
                    assertThat(mib).as("resizer memory limit").isGreaterThanOrEqualTo(RESIZER_PEAK_RSS_MIB + 100);
                }
            }
        }
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
    }
}
