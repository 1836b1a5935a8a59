package dev.thumbd.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestPathTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/v1/resize", "/v1/info", "/v1/images/photos/cat.jpg",
            "/v1/images/my%20photos/caf%C3%A9.jpg", "/v1/images/a+b/x(1)!.jpg", "/v1/images/a%3Bb.jpg",
            "/v1/images/%F0%9F%98%80.png", "/actuator/health", "/admin/degradation", "/v1/images/a:b@c=d"})
    void canonicalPathsPass(String path) {
        assertThat(RequestPath.check(path)).isEqualTo(path);
        assertThat(RequestPath.encode(decode(path))).isEqualTo(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/resize;x", "/v1;a/resize", "//v1/resize", "/v1/%72esize", "/v1//resize",
            "/v1/resize/", "/v1/./resize", "/v1/x/../resize", "/v1/%2E%2E/resize", "/v1%2Fresize", "/v1/resize%2F",
            "/v1\\resize", "/v1/%5Cresize", "/v1/images/a%2fb", "/v1/images/caf%c3%a9.jpg", "/v1/images/%", "/v1/images/%2",
            "/v1/images/%zz", "/v1/images/%00", "/v1/images/%0A", "/v1/images/%C0%AE", "/v1/images/%FF",
            "/v1/images/%2541", "/v1/images/é.jpg", "/v1/images/a b", "/v1/resize%00", "v1/resize",
            "", "/v1/images/%7E", "/v1/images/%2B", "/v1/images/a%22b\""})
    void everyOtherSpellingIsRefused(String path) {
        assertThatThrownBy(() -> RequestPath.check(path)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.type()).isEqualTo(ProblemType.NON_CANONICAL_PATH));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/resize", "/v1/info", "/v1/srcset", "/v1/purge"})
    void endpointsAreReadOffTheCanonicalPath(String path) {
        assertThat(Endpoint.of(path).isPublicApi()).isTrue();
        assertThat(Endpoint.of(path + "x")).isEqualTo(Endpoint.OTHER);
        assertThat(Endpoint.of("/v1/images/")).isEqualTo(Endpoint.OTHER);
        assertThat(Endpoint.of("/v1/images/a")).isEqualTo(Endpoint.IMAGES);
        assertThat(Endpoint.of(path + "%20")).isEqualTo(Endpoint.OTHER);   // canonical, but no endpoint: a 404
    }

    @Test
    void jobsAreOneEndpointWithAndWithoutAnId() {
        assertThat(Endpoint.of("/v1/jobs")).isEqualTo(Endpoint.JOBS);
        assertThat(Endpoint.of("/v1/jobs/0123abcd")).isEqualTo(Endpoint.JOBS);
        assertThat(Endpoint.of("/v1/jobs/a/b")).isEqualTo(Endpoint.OTHER);
        assertThat(Endpoint.of("/v1/jobs/")).isEqualTo(Endpoint.OTHER);
        assertThat(Endpoint.of("/v1/jobsx")).isEqualTo(Endpoint.OTHER);
        assertThat(Endpoint.of("/v1/events")).isEqualTo(Endpoint.EVENTS);
        assertThat(Endpoint.JOBS.isPublicApi()).isTrue();
        assertThat(Endpoint.EVENTS.isPublicApi()).isTrue();
    }

    /** Percent-decoding of a canonical path (its escapes are all well-formed). */
    static String decode(String path) {
        return java.net.URLDecoder.decode(path.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }
}
