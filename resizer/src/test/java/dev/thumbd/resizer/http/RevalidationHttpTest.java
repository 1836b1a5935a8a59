package dev.thumbd.resizer.http;

import static dev.thumbd.resizer.http.ResizerHttpContract.TOKEN;
import static dev.thumbd.resizer.http.ResizerHttpContract.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.resizer.fixture.TestImages;
import dev.thumbd.resizer.pipeline.SharedDecodes;
import dev.thumbd.resizer.source.SourceLoader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A conditional request for a thumbnail that no cache level holds is answered 304 from the original's metadata: no
 * read of the original's bytes, no decode. Decodes are counted by the service's own {@link SharedDecodes} (every
 * decode of the pipeline goes through it) and reads of originals by {@link SourceLoader#reads()}.
 */
class RevalidationHttpTest {

    @TempDir
    static Path dir;
    private static ResizerServer server;

    @BeforeAll
    static void start() {
        server = ResizerServer.start(Map.of(
                "thumbd.store.root", dir.resolve("data").toString(),
                "thumbd.cache.disk.dir", dir.resolve("cache").toString()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static long decodes() {
        return server.bean(SharedDecodes.class).decodes();
    }

    private static long reads() {
        return server.bean(SourceLoader.class).reads();
    }

    /** Forgets every derivative of {@code src} in L1, L2 and L3 (the original stays as it is). */
    private static void purge(String src) {
        HttpResponse<byte[]> r = server.send(server.request("/v1/purge?src=" + src, "Authorization", TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(r.statusCode()).isEqualTo(204);
    }

    @Test
    void aThumbnailInNoCacheIsRevalidatedWithoutDecoding() {
        server.seed("reval/a.jpg", "photo-970x644.jpg");
        String url = "/v1/resize?src=reval/a.jpg&w=120&fmt=webp";
        HttpResponse<byte[]> first = server.get(url);
        assertThat(first.statusCode()).isEqualTo(200);
        String etag = header(first, "ETag");
        purge("reval/a.jpg");

        long decodes = decodes();
        long reads = reads();
        HttpResponse<byte[]> notModified = server.get(url, "If-None-Match", etag);
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(header(notModified, "ETag")).isEqualTo(etag);
        assertThat(header(notModified, "Cache-Control")).contains("max-age=");
        assertThat(header(notModified, "Surrogate-Key")).matches("src-[0-9a-f]{32}");
        assertThat(header(notModified, "Server-Timing")).startsWith("cache;desc=validator");
        assertThat(decodes()).as("decodes for the 304").isEqualTo(decodes);
        assertThat(reads()).as("reads of the original for the 304").isEqualTo(reads);

        // the same request without a matching validator renders (the counter counts), and to the same ETag
        HttpResponse<byte[]> rendered = server.get(url, "If-None-Match", "\"something-else\"");
        assertThat(rendered.statusCode()).isEqualTo(200);
        assertThat(header(rendered, "Server-Timing")).startsWith("cache;desc=miss");
        assertThat(decodes()).isEqualTo(decodes + 1);
        assertThat(header(rendered, "ETag")).isEqualTo(etag);
        assertThat(rendered.body()).isEqualTo(first.body());
    }

    @Test
    void aNegotiatedFormatIsItsOwnVariant() {
        server.seed("reval/n.jpg", "photo-600x450.jpg");
        String url = "/v1/resize?src=reval/n.jpg&w=100";
        HttpResponse<byte[]> webp = server.get(url, "Accept", "image/webp,*/*");
        assertThat(header(webp, "Content-Type")).isEqualTo("image/webp");
        purge("reval/n.jpg");
        HttpResponse<byte[]> sameBucket = server.get(url, "Accept", "image/webp", "If-None-Match", header(webp, "ETag"));
        assertThat(sameBucket.statusCode()).isEqualTo(304);
        assertThat(header(sameBucket, "Vary")).isEqualTo("Accept");
        // a client that takes JPEG only holds no WebP: its request is not validated by the WebP's ETag
        HttpResponse<byte[]> jpeg = server.get(url, "Accept", "image/jpeg", "If-None-Match", header(webp, "ETag"));
        assertThat(jpeg.statusCode()).isEqualTo(200);
        assertThat(header(jpeg, "Content-Type")).isEqualTo("image/jpeg");
        assertThat(header(jpeg, "ETag")).isNotEqualTo(header(webp, "ETag"));
    }

    @Test
    void anOverwrittenOriginalChangesTheETag() {
        String path = "/v1/images/reval/w.jpg";
        assertThat(put(path, TestImages.bytes("photo-600x450.jpg")).statusCode()).isIn(200, 201);
        String url = "/v1/resize?src=reval/w.jpg&w=80&fmt=jpeg";
        HttpResponse<byte[]> before = server.get(url);
        String etag = header(before, "ETag");
        assertThat(put(path, TestImages.bytes("photo-970x644.jpg")).statusCode()).isIn(200, 201, 204);
        HttpResponse<byte[]> after = server.get(url, "If-None-Match", etag);
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(header(after, "ETag")).isNotEqualTo(etag);
        assertThat(after.body()).isNotEqualTo(before.body());
    }

    @Test
    void aMissingOriginalIsStillA404() {
        HttpResponse<byte[]> r = server.get("/v1/resize?src=reval/none.jpg&w=80&fmt=jpeg", "If-None-Match", "\"x\"");
        ResizerHttpContract.assertProblem(r, 404, "source-not-found");
    }

    private static HttpResponse<byte[]> put(String path, byte[] body) {
        return server.send(server.request(path, "Authorization", TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }
}
