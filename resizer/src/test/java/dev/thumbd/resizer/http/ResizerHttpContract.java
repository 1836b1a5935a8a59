package dev.thumbd.resizer.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.resizer.admission.WorkerPool;
import dev.thumbd.resizer.fixture.TestImages;
import dev.thumbd.resizer.probe.HeaderProbe;
import dev.thumbd.resizer.probe.ImageHeader;
import dev.thumbd.resizer.probe.ProbeLimits;
import dev.thumbd.resizer.source.SourceLoader;
import dev.thumbd.spec.ImageFormat;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The {@code /v1} API over real HTTP, run once per object store by the subclasses. Each test uses its own keys, so
 * the order of tests does not matter.
 */
abstract class ResizerHttpContract {

    static final String TOKEN = "Bearer test-token";

    abstract ResizerServer server();

    static ImageHeader probe(byte[] body) {
        return HeaderProbe.probe(body, ProbeLimits.defaults());
    }

    static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    static void assertProblem(HttpResponse<byte[]> r, int status, String slug) {
        assertThat(r.statusCode()).as(text(r)).isEqualTo(status);
        assertThat(header(r, "Content-Type")).isEqualTo("application/problem+json");
        assertThat(text(r)).contains("\"type\":\"https://thumbd.dev/problems/" + slug + "\"")
                .contains("\"status\":" + status).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(header(r, "Cache-Control")).isNotNull();
    }

    @Test
    void aThumbnailComesWithItsCachingHeaders() {
        server().seed("contract/j3.jpg", "photo-1920x1080.jpg");
        HttpResponse<byte[]> r = server().get("/v1/resize?src=contract/j3.jpg&w=300&fmt=webp");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "Content-Type")).isEqualTo("image/webp");
        assertThat(Long.parseLong(header(r, "Content-Length"))).isEqualTo(r.body().length);
        ImageHeader h = probe(r.body());
        assertThat(h.format()).isEqualTo(ImageFormat.WEBP);
        assertThat(h.width()).isEqualTo(300);
        assertThat(header(r, "ETag")).matches("\"[A-Za-z0-9_-]{27}\"");
        assertThat(header(r, "Cache-Control")).contains("max-age=").contains("stale-while-revalidate=");
        assertThat(header(r, "Server-Timing")).startsWith("cache;desc=miss").contains("decode;dur=")
                .contains("resize;dur=").contains("encode;dur=").contains("total;dur=");
        assertThat(header(r, "Surrogate-Key")).matches("src-[0-9a-f]{32}").isEqualTo(header(r, "Cache-Tag"));
        assertThat(r.headers().firstValue("Vary")).as("explicit fmt is not negotiated").isEmpty();

        HttpResponse<byte[]> again = server().get("/v1/resize?src=contract/j3.jpg&w=300&fmt=webp&utm_source=x");
        assertThat(again.body()).isEqualTo(r.body());
        assertThat(header(again, "ETag")).isEqualTo(header(r, "ETag"));
        assertThat(header(again, "Server-Timing")).startsWith("cache;desc=l1");

        HttpResponse<byte[]> notModified = server().get("/v1/resize?src=contract/j3.jpg&w=300&fmt=webp",
                "If-None-Match", "\"other\", W/" + header(r, "ETag"));
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(header(notModified, "ETag")).isEqualTo(header(r, "ETag"));

        HttpResponse<byte[]> head = server().send(server().request("/v1/resize?src=contract/j3.jpg&w=300&fmt=webp")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(header(head, "Content-Length")).isEqualTo(Integer.toString(r.body().length));
    }

    /**
     * The store's metadata gives the original's version the ETag was derived from: a thumbnail purged from every
     * level is revalidated with no read of the original and no decode.
     */
    @Test
    void aThumbnailInNoCacheIsRevalidatedFromTheStoresMetadata() {
        server().seed("contract/reval.jpg", "photo-600x450.jpg");
        String url = "/v1/resize?src=contract/reval.jpg&w=70&fmt=jpeg";
        String etag = header(server().get(url), "ETag");
        HttpResponse<byte[]> purged = server().send(server().request("/v1/purge?src=contract/reval.jpg",
                "Authorization", TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(purged.statusCode()).isEqualTo(204);
        long decodes = server().bean(dev.thumbd.resizer.pipeline.SharedDecodes.class).decodes();
        long reads = server().bean(SourceLoader.class).reads();
        HttpResponse<byte[]> r = server().get(url, "If-None-Match", etag);
        assertThat(r.statusCode()).isEqualTo(304);
        assertThat(header(r, "Server-Timing")).startsWith("cache;desc=validator");
        assertThat(server().bean(dev.thumbd.resizer.pipeline.SharedDecodes.class).decodes()).isEqualTo(decodes);
        assertThat(server().bean(SourceLoader.class).reads()).isEqualTo(reads);
    }

    @Test
    void autoNegotiatesFromAcceptAndAlwaysVaries() {
        server().seed("contract/neg.jpg", "photo-970x644.jpg");
        server().seed("contract/neg-alpha.png", "rgba-576x384.png");
        String url = "/v1/resize?src=contract/neg.jpg&w=200";
        HttpResponse<byte[]> avif = server().get(url, "Accept", "image/avif,image/webp,image/*,*/*;q=0.8");
        HttpResponse<byte[]> webp = server().get(url, "Accept", "image/webp,*/*");
        HttpResponse<byte[]> jpeg = server().get(url, "Accept", "*/*");
        HttpResponse<byte[]> png = server().get("/v1/resize?src=contract/neg-alpha.png&w=200");
        assertThat(header(avif, "Content-Type")).isEqualTo("image/avif");
        assertThat(probe(avif.body()).format()).isEqualTo(ImageFormat.AVIF);
        assertThat(header(webp, "Content-Type")).isEqualTo("image/webp");
        assertThat(header(jpeg, "Content-Type")).isEqualTo("image/jpeg");
        assertThat(header(png, "Content-Type")).isEqualTo("image/png");
        for (HttpResponse<byte[]> r : List.of(avif, webp, jpeg, png)) {
            assertThat(header(r, "Vary")).isEqualTo("Accept");
        }
        assertThat(List.of(header(avif, "ETag"), header(webp, "ETag"), header(jpeg, "ETag"))).doesNotHaveDuplicates();
        HttpResponse<byte[]> notModified = server().get(url, "Accept", "image/webp", "If-None-Match", header(webp, "ETag"));
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(header(notModified, "Vary")).isEqualTo("Accept");
        // a different Accept string in the same bucket shares the cached variant
        HttpResponse<byte[]> sameBucket = server().get(url, "Accept", "image/webp;q=0.9, text/html");
        assertThat(header(sameBucket, "ETag")).isEqualTo(header(webp, "ETag"));
        assertThat(header(sameBucket, "Server-Timing")).startsWith("cache;desc=l1");
    }

    @Test
    void badRequestsGetProblemDocuments() {
        server().seed("contract/ok.jpg", "photo-600x450.jpg");
        server().seed("contract/corrupt.jpg", "bad/corrupt-huffman-table.jpg");
        server().seed("contract/giant.jpg", "bad/giant-20000x14000.jpg");
        server().seed("contract/svg.jpg", "bad/svg-input.svg");
        server().seed("contract/truncated.png", "bad/truncated.png");
        assertProblem(server().get("/v1/resize?src=contract/ok.jpg&w=abc"), 400, "invalid-parameter");
        assertProblem(server().get("/v1/resize?src=contract/ok.jpg&w=10&w=20"), 400, "invalid-parameter");
        assertProblem(server().get("/v1/resize?src=../etc/passwd&w=10"), 400, "invalid-parameter");
        assertProblem(server().get("/v1/resize?w=10"), 400, "invalid-parameter");
        assertProblem(server().get("/v1/resize?src=contract/missing.jpg&w=10"), 404, "source-not-found");
        assertProblem(server().get("/v1/resize?src=contract/corrupt.jpg&w=10"), 422, "corrupt-image");
        assertProblem(server().get("/v1/resize?src=contract/giant.jpg&w=10"), 422, "image-too-large");
        assertProblem(server().get("/v1/resize?src=contract/svg.jpg&w=10"), 415, "unsupported-format");
        assertThat(server().get("/v1/resize?src=contract/truncated.png&w=10").statusCode()).isIn(200, 422);
        assertProblem(server().get("/v1/nothing-here"), 404, "not-found");
        HttpResponse<byte[]> post = server().send(server().request("/v1/resize?src=contract/ok.jpg")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertProblem(post, 405, "method-not-allowed");
        assertThat(header(post, "Allow")).contains("GET").contains("HEAD");
    }

    @Test
    void infoDescribesAnOriginalWithoutDecodingIt() {
        server().seed("contract/info.jpg", "edge/cmyk-profile.jpg");
        String json = text(server().get("/v1/info?src=contract/info.jpg"));
        assertThat(json).contains("\"format\":\"jpeg\"").contains("\"colourModel\":\"cmyk\"").contains("\"width\":");
        assertProblem(server().get("/v1/info?src=contract/info.jpg&w=3"), 400, "invalid-parameter");
        assertProblem(server().get("/v1/info?src=contract/none.jpg"), 404, "source-not-found");
    }

    @Test
    void placeholdersComeWithInfoAndSrcset() {
        server().seed("contract/ph.jpg", "photo-970x644.jpg");
        String json = text(server().get("/v1/info?src=contract/ph.jpg&placeholder=true"));
        assertThat(json).containsPattern("\"placeholder\":\\{\"thumbhash\":\"[A-Za-z0-9+/=]{20,}\",\"dominantColour\":"
                + "\"#[0-9a-f]{6}\",\"width\":100,\"height\":66}");
        assertThat(text(server().get("/v1/info?src=contract/ph.jpg"))).doesNotContain("placeholder");
        assertProblem(server().get("/v1/info?src=contract/ph.jpg&placeholder=yes"), 400, "invalid-parameter");
        String srcset = text(server().get("/v1/srcset?src=contract/ph.jpg&widths=160&formats=jpeg&placeholder=1"
                + "&crop=0,0,400,600&rotate=90"));
        assertThat(srcset).containsPattern("style=\\\\?\"background-color:#[0-9a-f]{6}\\\\?\" data-thumbhash=")
                .contains("\"width\":100,\"height\":67");
        assertProblem(server().get("/v1/srcset?src=contract/ph.jpg&widths=160&crop=0,0,971,10&placeholder=true"),
                400, "invalid-parameter");
    }

    @Test
    void aCropOutsideTheOriginalIsABadRequest() {
        server().seed("contract/crop.jpg", "photo-600x450.jpg");
        assertProblem(server().get("/v1/resize?src=contract/crop.jpg&crop=500,400,101,50"), 400, "invalid-parameter");
        assertProblem(server().get("/v1/resize?src=contract/crop.jpg&rotate=45"), 400, "invalid-parameter");
        HttpResponse<byte[]> ok = server().get("/v1/resize?src=contract/crop.jpg&crop=500,400,100,50&rotate=90&fmt=png");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(probe(ok.body()).width()).isEqualTo(50);
        assertThat(probe(ok.body()).height()).isEqualTo(100);
    }

    @Test
    void srcsetListsCanonicalUrlsThatWork() {
        server().seed("contract/srcset.jpg", "photo-970x644.jpg");
        String json = text(server().get("/v1/srcset?src=contract/srcset.jpg&widths=160,320&formats=webp,jpeg"));
        assertThat(json).contains("<picture>").contains("320w").contains("image/webp");
        String url = "/v1/resize?fmt=webp&src=contract/srcset.jpg&w=160";
        assertThat(json).contains(url);
        assertThat(probe(server().get(url).body()).width()).isEqualTo(160);
        assertProblem(server().get("/v1/srcset?src=contract/srcset.jpg&widths=320,160"), 400, "invalid-parameter");
    }

    @Test
    void uploadsAreCheckedStoredAndPurgeTheirDerivatives() throws Exception {
        byte[] j1 = TestImages.bytes("photo-600x450.jpg");
        byte[] j2 = TestImages.bytes("photo-970x644.jpg");
        String path = "/v1/images/contract/up/photo.jpg";
        assertProblem(put(path, j1), 401, "unauthorized");
        assertProblem(put(path, "not an image".getBytes(), "Authorization", TOKEN), 415, "unsupported-format");
        HttpResponse<byte[]> created = put(path, j1, "Authorization", TOKEN, "If-None-Match", "*");
        assertThat(created.statusCode()).as(text(created)).isEqualTo(201);
        assertThat(text(created)).contains("\"contentType\":\"image/jpeg\"").contains("\"width\":600");
        String version = header(created, "ETag");
        assertProblem(put(path, j2, "Authorization", TOKEN, "If-None-Match", "*"), 412, "precondition-failed");

        String thumb = "/v1/resize?src=contract/up/photo.jpg&w=100&fmt=png";
        HttpResponse<byte[]> before = server().get(thumb);
        assertThat(probe(before.body()).height()).isEqualTo(75);

        String badMd5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(j1));
        assertProblem(put(path, j2, "Authorization", TOKEN, "Content-MD5", badMd5), 400, "checksum-mismatch");
        assertThat(header(server().get(thumb), "ETag")).as("a refused upload changes nothing")
                .isEqualTo(header(before, "ETag"));

        String md5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(j2));
        HttpResponse<byte[]> replaced = put(path, j2, "Authorization", TOKEN, "If-Match", version, "Content-MD5", md5);
        assertThat(replaced.statusCode()).as(text(replaced)).isEqualTo(200);
        HttpResponse<byte[]> after = server().get(thumb);
        assertThat(header(after, "Server-Timing")).startsWith("cache;desc=miss");
        assertThat(header(after, "ETag")).isNotEqualTo(header(before, "ETag"));
        assertThat(probe(after.body()).height()).isEqualTo(66);

        assertProblem(delete(path), 401, "unauthorized");
        assertThat(delete(path, "Authorization", TOKEN).statusCode()).isEqualTo(204);
        assertProblem(server().get(thumb), 404, "source-not-found");
        assertProblem(delete(path, "Authorization", TOKEN), 404, "source-not-found");
    }

    @Test
    void concurrentMissesForOneThumbnailDecodeOnce() {
        server().seed("contract/flight.jpg", "photo-2725x2225.jpg");
        WorkerPool pool = server().bean(WorkerPool.class);
        SourceLoader sources = server().bean(SourceLoader.class);
        long tasksBefore = pool.completed();
        long readsBefore = sources.reads();
        List<CompletableFuture<HttpResponse<byte[]>>> calls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            calls.add(server().sendAsync(server().request("/v1/resize?src=contract/flight.jpg&w=120&fmt=jpeg").GET().build()));
        }
        List<String> etags = calls.stream().map(CompletableFuture::join).map(r -> {
            assertThat(r.statusCode()).isEqualTo(200);
            return header(r, "ETag");
        }).distinct().toList();
        assertThat(etags).hasSize(1);
        assertThat(pool.completed() - tasksBefore).isEqualTo(1);
        assertThat(sources.reads() - readsBefore).isEqualTo(1);
    }

    @Test
    void severalSizesOfOneOriginalReadItOnce() {
        server().seed("contract/sizes.jpg", "photo-3264x2448.jpg");
        SourceLoader sources = server().bean(SourceLoader.class);
        long readsBefore = sources.reads();
        List<CompletableFuture<HttpResponse<byte[]>>> calls = new ArrayList<>();
        for (int w : new int[] {64, 128, 256, 512}) {
            calls.add(server().sendAsync(server().request("/v1/resize?src=contract/sizes.jpg&fmt=jpeg&w=" + w).GET().build()));
        }
        calls.forEach(c -> assertThat(c.join().statusCode()).isEqualTo(200));
        assertThat(sources.reads() - readsBefore).isEqualTo(1);
    }

    HttpResponse<byte[]> put(String path, byte[] body, String... headers) {
        return server().send(server().request(path, headers).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    HttpResponse<byte[]> delete(String path, String... headers) {
        return server().send(server().request(path, headers).DELETE().build());
    }
}
