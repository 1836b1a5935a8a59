package dev.thumbd.resizer.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.http.Endpoint;
import dev.thumbd.http.RequestPath;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The gateway decides what a request is by {@link Endpoint} of its raw, canonical path; the resizer's router by
 * Spring's {@link PathPattern}s, which decode segments and drop matrix parameters. Over random hostile spellings:
 * whatever {@link RequestPath} accepts, both name the same endpoint; and every spelling the router would take for an
 * endpoint but that is not that endpoint's own is refused by {@link RequestPath} (on both services).
 */
class EndpointAgreementPropertyTest {

    /** The resizer's public routes (HttpConfiguration.v1Routes). */
    private static final Map<String, Endpoint> ROUTES = Map.of(
            "/v1/resize", Endpoint.RESIZE, "/v1/info", Endpoint.INFO, "/v1/srcset", Endpoint.SRCSET,
            "/v1/purge", Endpoint.PURGE, "/v1/images/*/**", Endpoint.IMAGES, "/v1/jobs", Endpoint.JOBS,
            "/v1/jobs/*", Endpoint.JOBS, "/v1/events", Endpoint.EVENTS);
    private static final List<String> SEGMENTS = List.of("v1", "resize", "info", "srcset", "purge", "images",
            "cat.jpg", "a", "%C3%A9", "%c3%a9", "%72esize", "r%65size", "resize;x", "v1;a", ";a=b", "", ".", "..",
            "%2E", "%2F", "%5C", "%25", "%2572", "%3B", "a+b", "a%20b", "x(1)", "%", "%2", "RESIZE", "%F0%9F%98%80",
            "images;x", "%69mages", "jobs", "jobs;x", "%6Aobs", "0123abcd", "events", "%65vents");

    @Test
    void theRouterAndTheGatewayNameTheSameEndpointForEveryAcceptedPath() {
        PathPatternParser parser = new PathPatternParser();
        Map<PathPattern, Endpoint> patterns = new java.util.HashMap<>();
        ROUTES.forEach((p, e) -> patterns.put(parser.parse(p), e));
        Random random = new Random(0xe9d9L);
        int accepted = 0;
        int refusedAliases = 0;
        for (int i = 0; i < 100_000; i++) {
            String raw = randomPath(random);
            PathContainer path;
            try {
                path = PathContainer.parsePath(raw);
            } catch (IllegalArgumentException e) {
                continue;
            }
            Endpoint routed = Endpoint.OTHER;
            for (Map.Entry<PathPattern, Endpoint> p : patterns.entrySet()) {
                if (p.getKey().matches(path)) {
                    routed = p.getValue();
                }
            }
            if (RequestPath.isCanonical(raw)) {
                accepted++;
                assertThat(Endpoint.of(raw)).as(raw).isEqualTo(routed);
            } else if (routed != Endpoint.OTHER) {
                refusedAliases++;
            }
        }
        assertThat(accepted).isGreaterThan(1_000);
        assertThat(refusedAliases).as("spellings the router alone would have served").isGreaterThan(1_000);
    }

    private static String randomPath(Random random) {
        StringBuilder b = new StringBuilder();
        String[] base = {"v1", random.nextBoolean() ? "resize" : random.nextBoolean() ? "images" : "jobs", "a"};
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            b.append('/').append(random.nextInt(2) == 0 && i < base.length ? base[i]
                    : SEGMENTS.get(random.nextInt(SEGMENTS.size())));
        }
        if (random.nextInt(8) == 0) {
            b.append('/');
        }
        return b.toString();
    }
}
