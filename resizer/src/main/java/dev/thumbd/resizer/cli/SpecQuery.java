package dev.thumbd.resizer.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns command-line spec options into the query map {@code ThumbnailSpec.parse} takes, as a URL would give. */
final class SpecQuery {

    private SpecQuery() {
    }

    static Map<String, List<String>> of(Map<String, String> params, String source) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        params.forEach((k, v) -> q.put(k, List.of(v)));
        q.put("src", List.of(source));
        return q;
    }
}
