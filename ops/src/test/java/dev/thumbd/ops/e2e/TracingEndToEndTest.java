package dev.thumbd.ops.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.ops.e2e.ExportedSpans.Span;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One request through a gateway and a resizer, both with the OpenTelemetry Java agent attached as the images and
 * {@code THUMBD_OTEL=true ./thumbd} attach it, is one trace: the gateway's server and client spans, the resizer's
 * server span as the child of the gateway's client span (context propagated over HTTP), and the pipeline stages as
 * children of the render span inside it. The trace id comes back in {@code X-Trace-Id}.
 */
class TracingEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void aThumbnailThroughTheGatewayIsOneTraceDownToThePipelineStages() throws Exception {
        Path store = Files.createDirectories(dir.resolve("data"));
        Files.copy(ServiceProcess.ROOT.resolve("samples/landscape.jpg"), store.resolve("landscape.jpg"));
        int resizerPort = ServiceProcess.freePort();
        try (ServiceProcess resizer = ServiceProcess.start(ServiceProcess.Kind.RESIZER, resizerPort,
                ServiceProcess.freePort(), ServiceProcess.otelAgent("thumbd-resizer"),
                List.of("--thumbd.store.root=" + store, "--thumbd.cache.disk.dir=" + dir.resolve("cache"),
                        "--thumbd.upload.tokens=ops-token"), ServiceProcess.noEnv());
             ServiceProcess gateway = ServiceProcess.start(ServiceProcess.Kind.GATEWAY, ServiceProcess.freePort(),
                ServiceProcess.freePort(), ServiceProcess.otelAgent("thumbd-gateway"),
                List.of("--thumbd.gateway.resizers=http://127.0.0.1:" + resizerPort,
                        "--thumbd.gateway.allow-unsigned=true"), ServiceProcess.noEnv())) {
            // HTTP/1.1, as CDNs and load balancers speak to an origin: over h2c the agent (2.33.1) misses the
            // gateway's server span (docs/TRACING.md)
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(
                    gateway.uri("/v1/resize?src=landscape.jpg&w=200&fmt=webp")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(200);
            String traceId = r.headers().firstValue("X-Trace-Id").orElseThrow();
            assertThat(traceId).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
            assertThat(r.headers().allValues("X-Trace-Id")).hasSize(1);

            // an error answered by the gateway itself carries its trace id too
            HttpResponse<byte[]> bad = http.send(HttpRequest.newBuilder(gateway.uri("/v1/resize?src=landscape.jpg&w=0"))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.headers().firstValue("X-Trace-Id").orElse("")).as(bad.headers().toString())
                    .matches("[0-9a-f]{32}").isNotEqualTo(traceId);
            // and so does the resizer, asked directly
            HttpResponse<byte[]> direct = http.send(HttpRequest.newBuilder(resizer.uri("/v1/resize?src=landscape.jpg&w=0"))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(direct.statusCode()).isEqualTo(400);
            assertThat(direct.headers().firstValue("X-Trace-Id").orElse("")).as(direct.headers().toString())
                    .matches("[0-9a-f]{32}");

            List<Span> trace = awaitTrace(traceId, gateway, resizer);
            Span gatewayServer = one(trace, s -> s.service().equals("thumbd-gateway") && s.kind() == Span.SERVER);
            Span gatewayClient = one(trace, s -> s.service().equals("thumbd-gateway") && s.kind() == Span.CLIENT);
            Span resizerServer = one(trace, s -> s.service().equals("thumbd-resizer") && s.kind() == Span.SERVER);
            assertThat(gatewayServer.parentSpanId()).isEmpty();
            assertThat(ancestors(trace, gatewayClient)).contains(gatewayServer.spanId());
            assertThat(resizerServer.parentSpanId()).isEqualTo(gatewayClient.spanId());
            Span render = one(trace, s -> s.name().equals("thumbd.render"));
            assertThat(render.service()).isEqualTo("thumbd-resizer");
            assertThat(ancestors(trace, render)).contains(resizerServer.spanId());
            List<String> stages = trace.stream().filter(s -> s.parentSpanId().equals(render.spanId()))
                    .map(Span::name).toList();
            assertThat(stages).contains("probe", "decode", "resize", "encode");
        }
    }

    private static List<Span> awaitTrace(String traceId, ServiceProcess... services) throws InterruptedException {
        List<Span> trace = List.of();
        for (int i = 0; i < 150; i++) {
            List<Span> all = new ArrayList<>();
            for (ServiceProcess s : services) {
                all.addAll(ExportedSpans.parse(s.log()));
            }
            trace = all.stream().filter(s -> s.traceId().equals(traceId)).toList();
            // every span asserted below: each service exports in batches of its own, in no promised order
            if (trace.stream().anyMatch(s -> s.name().equals("encode"))
                    && trace.stream().anyMatch(s -> s.service().equals("thumbd-resizer") && s.kind() == Span.SERVER)
                    && trace.stream().anyMatch(s -> s.service().equals("thumbd-gateway") && s.kind() == Span.SERVER)
                    && trace.stream().anyMatch(s -> s.service().equals("thumbd-gateway") && s.kind() == Span.CLIENT)) {
                return trace;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("trace " + traceId + " incomplete after 30 s: " + trace + "\n--- gateway/resizer output:\n"
                + services[0].log() + "\n---\n" + services[1].log());
    }

    private static Span one(List<Span> trace, java.util.function.Predicate<Span> what) {
        List<Span> found = trace.stream().filter(what).toList();
        assertThat(found).as("spans in " + trace).hasSize(1);
        return found.get(0);
    }

    /** The span ids from {@code span}'s parent up to the root. */
    private static List<String> ancestors(List<Span> trace, Span span) {
        List<String> up = new ArrayList<>();
        Optional<Span> p = ExportedSpans.byId(trace, span.parentSpanId());
        while (p.isPresent() && up.size() < 32) {
            up.add(p.get().spanId());
            p = ExportedSpans.byId(trace, p.get().parentSpanId());
        }
        return up;
    }
}
