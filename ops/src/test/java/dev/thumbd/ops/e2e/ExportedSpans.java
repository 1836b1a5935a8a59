package dev.thumbd.ops.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The spans a service wrote with the agent's {@code logging-otlp} exporter: OTLP JSON, one batch per line, read back
 * from the process output.
 */
final class ExportedSpans {

    /** One span. {@code kind} as OTLP numbers it: 1 internal, 2 server, 3 client. */
    record Span(String service, String traceId, String spanId, String parentSpanId, String name, int kind) {
        static final int INTERNAL = 1;
        static final int SERVER = 2;
        static final int CLIENT = 3;
    }

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private ExportedSpans() {
    }

    static List<Span> parse(String log) {
        List<Span> spans = new ArrayList<>();
        for (String line : log.split("\n")) {
            int start = line.indexOf('{');
            if (start < 0 || !line.contains("\"scopeSpans\"")) {
                continue;
            }
            JsonNode node = JSON.readTree(line.substring(start));
            JsonNode resources = node.has("resourceSpans") ? node.get("resourceSpans") : JSON.createArrayNode().add(node);
            for (JsonNode rs : resources) {
                String service = "";
                for (JsonNode a : rs.path("resource").path("attributes")) {
                    if ("service.name".equals(a.path("key").asString(""))) {
                        service = a.path("value").path("stringValue").asString("");
                    }
                }
                for (JsonNode scope : rs.path("scopeSpans")) {
                    for (JsonNode s : scope.path("spans")) {
                        spans.add(new Span(service, s.path("traceId").asString(""), s.path("spanId").asString(""),
                                s.path("parentSpanId").asString(""), s.path("name").asString(""),
                                s.path("kind").asInt(0)));
                    }
                }
            }
        }
        return spans;
    }

    static Optional<Span> byId(List<Span> spans, String spanId) {
        return spans.stream().filter(s -> s.spanId().equals(spanId)).findFirst();
    }
}
