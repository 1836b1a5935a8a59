package dev.thumbd.gateway.it;

import static dev.thumbd.gateway.it.Problems.header;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A weighted, sticky split between a stable and a canary pool of real resizers. */
class CanaryEndToEndTest {

    @Test
    void thirtyPercentOfClientsStickToTheCanary() throws Exception {
        Path dir = Files.createTempDirectory("thumbd-gw-canary");
        Path samples = Path.of("..", "samples").toAbsolutePath().normalize();
        try (ResizerProcess stable = ResizerProcess.start(dir.resolve("data"), dir.resolve("c1"), "t",
                List.of("--thumbd.seed.dir=" + samples));
             ResizerProcess canary = ResizerProcess.start(dir.resolve("data"), dir.resolve("c2"), "t", List.of());
             GatewayServer gateway = GatewayServer.start(List.of(stable), Map.of(
                     "thumbd.gateway.allow-unsigned", "true",
                     "thumbd.gateway.trusted-proxies", "127.0.0.1",
                     "thumbd.gateway.canary.resizers", canary.uri().toString(),
                     "thumbd.gateway.canary.weight", "30",
                     "thumbd.gateway.canary.name", "lanczos-v2"))) {
            Map<String, String> variantOf = new HashMap<>();
            int toCanary = 0;
            int clients = 400;
            for (int i = 0; i < clients; i++) {
                String ip = "198.51." + (i / 200) + "." + (i % 200 + 1);
                HttpResponse<byte[]> r = gateway.get("/v1/info?src=landscape.jpg", "X-Forwarded-For", ip);
                assertThat(r.statusCode()).isEqualTo(200);
                String variant = header(r, "X-Thumbd-Variant");
                String replica = header(r, "X-Thumbd-Replica");
                assertThat(variant).isIn("stable", "lanczos-v2");
                assertThat(replica).isEqualTo(variant.equals("stable") ? stable.id() : canary.id());
                variantOf.put(ip, variant);
                toCanary += variant.equals("lanczos-v2") ? 1 : 0;
            }
            assertThat(toCanary / (double) clients).isBetween(0.23, 0.37);
            // sticky: the same clients again see the same variant
            variantOf.entrySet().stream().limit(40).forEach(e -> assertThat(header(
                    gateway.get("/v1/info?src=landscape.jpg", "X-Forwarded-For", e.getKey()), "X-Thumbd-Variant"))
                    .isEqualTo(e.getValue()));
            // a cookie naming a variant pins it
            assertThat(header(gateway.get("/v1/info?src=landscape.jpg", "Cookie", "thumbd_variant=lanczos-v2"),
                    "X-Thumbd-Replica")).isEqualTo(canary.id());
            assertThat(header(gateway.get("/v1/info?src=landscape.jpg", "Cookie", "thumbd_variant=stable"),
                    "X-Thumbd-Replica")).isEqualTo(stable.id());
            String metrics = new String(gateway.management("/actuator/prometheus").body(), StandardCharsets.UTF_8);
            assertThat(metrics).containsPattern("thumbd_gateway_variant_requests_total\\{[^}]*variant=\"lanczos-v2\"[^}]*} [1-9]");
        }
    }
}
