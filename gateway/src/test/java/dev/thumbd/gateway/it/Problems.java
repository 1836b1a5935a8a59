package dev.thumbd.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** Assertions on problem+json answers. */
final class Problems {

    private Problems() {
    }

    static void assertProblem(HttpResponse<byte[]> r, int status, String slug) {
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertThat(r.statusCode()).as(body).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(body).contains("\"type\":\"https://thumbd.dev/problems/" + slug + "\"")
                .contains("\"status\":" + status).doesNotContain("Exception").doesNotContain("\tat ");
    }

    static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }
}
