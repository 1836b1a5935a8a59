package dev.thumbd.resizer.http;

import static dev.thumbd.resizer.http.ResizerHttpContract.TOKEN;
import static dev.thumbd.resizer.http.ResizerHttpContract.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.resizer.fixture.TestImages;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a CDN in front reads: separate browser and shared lifetimes, and a purge key on cacheable 404s too. */
class CdnHeadersHttpTest {

    @TempDir
    static Path dir;
    private static ResizerServer server;

    @BeforeAll
    static void start() {
        server = ResizerServer.start(Map.of(
                "thumbd.store.root", dir.resolve("data").toString(),
                "thumbd.cache.disk.dir", dir.resolve("cache").toString(),
                "thumbd.http.max-age", "1h",
                "thumbd.http.shared-max-age", "30d",
                "thumbd.http.cdn-max-age", "365d"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void browsersAndSharedCachesGetTheirOwnLifetimes() {
        server.seed("cdn/a.jpg", "photo-600x450.jpg");
        HttpResponse<byte[]> r = server.get("/v1/resize?src=cdn/a.jpg&w=90&fmt=jpeg");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "Cache-Control"))
                .isEqualTo("public, max-age=3600, s-maxage=2592000, stale-while-revalidate=86400");
        assertThat(header(r, "CDN-Cache-Control")).isEqualTo("max-age=31536000");
        HttpResponse<byte[]> notModified = server.get("/v1/resize?src=cdn/a.jpg&w=90&fmt=jpeg",
                "If-None-Match", header(r, "ETag"));
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(header(notModified, "Cache-Control")).isEqualTo(header(r, "Cache-Control"));
        assertThat(header(notModified, "CDN-Cache-Control")).isEqualTo("max-age=31536000");
    }

    @Test
    void aCacheable404CarriesTheKeyItsUploadPurges() {
        HttpResponse<byte[]> missing = server.get("/v1/resize?src=cdn/later.jpg&w=90&fmt=jpeg");
        ResizerHttpContract.assertProblem(missing, 404, "source-not-found");
        assertThat(header(missing, "Cache-Control")).isEqualTo("public, max-age=60");
        assertThat(header(missing, "CDN-Cache-Control")).isNull();
        String key = header(missing, "Surrogate-Key");
        assertThat(key).matches("src-[0-9a-f]{32}");
        assertThat(header(missing, "Cache-Tag")).isEqualTo(key);

        HttpResponse<byte[]> put = server.send(server.request("/v1/images/cdn/later.jpg", "Authorization", TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(TestImages.bytes("photo-600x450.jpg"))).build());
        assertThat(put.statusCode()).isIn(200, 201);
        assertThat(header(put, "Surrogate-Key")).as("the key to purge, on the upload's answer").isEqualTo(key);
        HttpResponse<byte[]> found = server.get("/v1/resize?src=cdn/later.jpg&w=90&fmt=jpeg");
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(header(found, "Surrogate-Key")).isEqualTo(key);
    }

    @Test
    void answersNoCacheKeepsCarryNoPurgeKey() {
        // not cacheable: a refused signature-less write
        HttpResponse<byte[]> unauthorized = server.send(server.request("/v1/images/cdn/x.jpg")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1})).build());
        ResizerHttpContract.assertProblem(unauthorized, 401, "unauthorized");
        assertThat(header(unauthorized, "Surrogate-Key")).isNull();
        // a query that names no original
        HttpResponse<byte[]> bad = server.get("/v1/resize?w=90");
        ResizerHttpContract.assertProblem(bad, 400, "invalid-parameter");
        assertThat(header(bad, "Surrogate-Key")).isNull();
    }
}
