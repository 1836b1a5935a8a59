package dev.thumbd.resizer.http;

import static dev.thumbd.resizer.http.ResizerHttpContract.assertProblem;
import static dev.thumbd.resizer.http.ResizerHttpContract.header;
import static dev.thumbd.resizer.http.ResizerHttpContract.probe;
import static dev.thumbd.resizer.http.ResizerHttpContract.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.resizer.fixture.PngBytes;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.signing.SigningKeys;
import dev.thumbd.signing.UrlSigner;
import dev.thumbd.spec.ImageFormat;
import dev.thumbd.spec.OutputFormat;
import dev.thumbd.spec.ThumbnailSpec;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Placeholders over HTTP, on a resizer that requires signatures: {@code fmt=lqip} through {@code /v1/resize} (signed,
 * cached, never negotiated), and the placeholders of {@code /v1/info} kept so that asking again decodes nothing.
 */
class PlaceholderHttpTest {

    private static final String SECRET = "placeholder-test-secret-0123456789abcdef";
    private static final UrlSigner SIGNER = new UrlSigner(SigningKeys.parse("s1=" + SECRET, "", null));
    private static final String TOKEN = "Bearer test-token";

    @TempDir
    static Path dir;
    private static ResizerServer server;

    @BeforeAll
    static void start() {
        server = ResizerServer.start(Map.of(
                "thumbd.store.root", dir.resolve("data").toString(),
                "thumbd.cache.disk.dir", dir.resolve("cache").toString(),
                "thumbd.signing.keys.s1", SECRET));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A {@code w x h} PNG of one colour. */
    private static byte[] flat(int w, int h, int rgb) {
        byte[] px = new byte[w * h * 3];
        for (int i = 0; i < px.length; i += 3) {
            px[i] = (byte) (rgb >> 16);
            px[i + 1] = (byte) (rgb >> 8);
            px[i + 2] = (byte) rgb;
        }
        return PngBytes.encode(new PixelBuffer(px, w, h, PixelFormat.RGB));
    }

    private static HttpResponse<byte[]> signed(ThumbnailSpec spec, String... headers) {
        return server.get("/v1/resize?" + SIGNER.signedQuery("/v1/resize", spec, OptionalLong.empty()), headers);
    }

    private static HttpResponse<byte[]> info(String src) {
        return server.get("/v1/info?" + SIGNER.signedQuery("/v1/info", ThumbnailSpec.builder(src).build(),
                OptionalLong.empty()) + "&placeholder=true");
    }

    @Test
    void fmtLqipAnswersASignedCachedTinyPng() {
        server.seedBytes("lqip/wide.png", flat(600, 300, 0x3366cc));
        ThumbnailSpec lqip = ThumbnailSpec.builder("lqip/wide.png").format(OutputFormat.LQIP).build();
        HttpResponse<byte[]> r = signed(lqip);
        assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
        assertThat(header(r, "Content-Type")).isEqualTo("image/png");
        assertThat(header(r, "Vary")).isNull();
        assertThat(header(r, "ETag")).isNotNull();
        assertThat(probe(r.body()).format()).isEqualTo(ImageFormat.PNG);
        assertThat(probe(r.body()).width()).isEqualTo(32);
        assertThat(probe(r.body()).height()).isEqualTo(16);
        HttpResponse<byte[]> again = signed(lqip);
        assertThat(header(again, "Server-Timing")).startsWith("cache;desc=l1");
        assertThat(again.body()).isEqualTo(r.body());
        // unsigned, or a signature of another format: refused like any request
        assertProblem(server.get("/v1/resize?src=lqip/wide.png&fmt=lqip"), 403, "invalid-signature");
        String png = SIGNER.signedQuery("/v1/resize", lqip.toBuilder().format(OutputFormat.PNG).build(),
                OptionalLong.empty());
        assertProblem(server.get("/v1/resize?" + png.replace("fmt=png", "fmt=lqip")), 403, "invalid-signature");
    }

    @Test
    void aPlaceholderTakesNoBoxAndAutoNeverPicksIt() {
        server.seedBytes("lqip/auto.png", flat(200, 100, 0x808080));
        assertProblem(server.get("/v1/resize?src=lqip/auto.png&fmt=lqip&w=300"), 400, "invalid-parameter");
        assertProblem(server.get("/v1/resize?src=lqip/auto.png&fmt=lqip&q=50"), 400, "invalid-parameter");
        assertProblem(server.get("/v1/resize?src=lqip/auto.png&fmt=lqip&trim=5"), 400, "invalid-parameter");
        for (String accept : List.of("image/avif,image/webp,*/*", "image/webp", "image/png", "*/*", "image/lqip")) {
            HttpResponse<byte[]> r = signed(ThumbnailSpec.builder("lqip/auto.png").build(), "Accept", accept);
            assertThat(r.statusCode()).as(accept + ": " + text(r)).isEqualTo(200);
            assertThat(probe(r.body()).width()).as(accept).isEqualTo(200);   // a thumbnail, not the placeholder
            assertThat(header(r, "Vary")).isEqualTo("Accept");
        }
    }

    @Test
    void theSecondInfoDecodesNothingAndAnOverwriteMakesANewPlaceholder() {
        server.seedBytes("lqip/info.png", flat(400, 200, 0xff0000));
        long before = decodes();
        HttpResponse<byte[]> first = info("lqip/info.png");
        assertThat(first.statusCode()).as(text(first)).isEqualTo(200);
        assertThat(text(first)).contains("\"dominantColour\":\"#ff0000\"");
        assertThat(decodes()).isEqualTo(before + 1);
        HttpResponse<byte[]> second = info("lqip/info.png");
        assertThat(text(second)).isEqualTo(text(first));
        assertThat(decodes()).as("the second placeholder comes from memory").isEqualTo(before + 1);

        HttpResponse<byte[]> put = server.send(server.request("/v1/images/lqip/info.png", "Authorization", TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(flat(400, 200, 0x0000ff))).build());
        assertThat(put.statusCode()).as(text(put)).isIn(200, 201);
        HttpResponse<byte[]> third = info("lqip/info.png");
        assertThat(text(third)).contains("\"dominantColour\":\"#0000ff\"");
        assertThat(decodes()).isEqualTo(before + 2);

        HttpResponse<byte[]> deleted = server.send(server.request("/v1/images/lqip/info.png", "Authorization", TOKEN)
                .DELETE().build());
        assertThat(deleted.statusCode()).as(text(deleted)).isIn(200, 204);
        assertProblem(info("lqip/info.png"), 404, "source-not-found");
    }

    /** Decodes the resizer has timed so far ({@code thumbd_stage_seconds_count{stage="decode"}}). */
    private static long decodes() {
        String metrics = text(server.management("/actuator/prometheus"));
        Matcher m = Pattern.compile("(?m)^thumbd_stage_seconds_count\\{[^}]*stage=\"decode\"[^}]*} ([0-9.E]+)$")
                .matcher(metrics);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }
}
