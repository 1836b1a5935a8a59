package dev.thumbd.resizer.http;

import static dev.thumbd.resizer.http.ResizerHttpContract.assertProblem;
import static dev.thumbd.resizer.http.ResizerHttpContract.header;
import static dev.thumbd.resizer.http.ResizerHttpContract.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.resizer.fixture.PngBytes;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wm} through {@code /v1/resize}: placed and blended, stale never, hostile overlays refused with a 4xx. */
class OverlayHttpTest {

    private static final String TOKEN = "Bearer test-token";
    private static final String MARKED = "/v1/resize?src=in/grey.png&w=200&fmt=png&wm=brand/mark.png"
            + "&wm_gravity=southeast&wm_x=5&wm_y=7";

    @TempDir
    static Path dir;
    private static ResizerServer server;

    @BeforeAll
    static void start() {
        server = ResizerServer.start(Map.of(
                "thumbd.store.root", dir.resolve("data").toString(),
                "thumbd.cache.disk.dir", dir.resolve("cache").toString()));
        server.seedBytes("in/grey.png", PngBytes.encode(solid(200, 100, PixelFormat.RGB, 128, 128, 128)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static PixelBuffer solid(int w, int h, PixelFormat f, int... channels) {
        byte[] px = new byte[w * h * f.channels()];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) channels[i % f.channels()];
        }
        return new PixelBuffer(px, w, h, f);
    }

    private static int rgb(byte[] png, int x, int y) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        return image.getRGB(x, y) & 0xffffff;
    }

    @Test
    void theOverlayLandsWhereAskedAndAChangeOfItIsNeverServedStale() throws Exception {
        assertThat(put("/v1/images/brand/mark.png", PngBytes.encode(solid(20, 10, PixelFormat.RGBA, 255, 0, 0, 255)))
                .statusCode()).isBetween(200, 201);
        HttpResponse<byte[]> first = server.get(MARKED);
        assertThat(first.statusCode()).as(text(first)).isEqualTo(200);
        // 200 - 20 - 5 = 175 .. 194 across, 100 - 10 - 7 = 83 .. 92 down
        assertThat(rgb(first.body(), 175, 83)).isEqualTo(0xff0000);
        assertThat(rgb(first.body(), 194, 92)).isEqualTo(0xff0000);
        assertThat(rgb(first.body(), 174, 83)).isEqualTo(0x808080);
        assertThat(rgb(first.body(), 195, 92)).isEqualTo(0x808080);
        assertThat(rgb(first.body(), 10, 10)).isEqualTo(0x808080);
        // a write of either the original or the overlay purges the thumbnail from a CDN
        String keys = header(first, "Surrogate-Key");
        assertThat(keys).isEqualTo(ResolvedSpecs.surrogateKey("in/grey.png") + " "
                + ResolvedSpecs.surrogateKey("brand/mark.png"));
        assertThat(header(first, "Cache-Tag")).isEqualTo(keys.replace(' ', ','));
        String etag = header(first, "ETag");
        HttpResponse<byte[]> again = server.get(MARKED);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(header(again, "ETag")).isEqualTo(etag);
        assertThat(server.get(MARKED, "If-None-Match", etag).statusCode()).isEqualTo(304);

        // the overlay is uploaded again, blue: the next answer has it, with another ETag (the old one no longer 304s)
        assertThat(put("/v1/images/brand/mark.png", PngBytes.encode(solid(20, 10, PixelFormat.RGBA, 0, 0, 255, 255)))
                .statusCode()).isBetween(200, 201);
        HttpResponse<byte[]> changed = server.get(MARKED);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(rgb(changed.body(), 180, 88)).isEqualTo(0x0000ff);
        assertThat(header(changed, "ETag")).isNotEqualTo(etag);
        HttpResponse<byte[]> revalidated = server.get(MARKED, "If-None-Match", etag);
        assertThat(revalidated.statusCode()).isEqualTo(200);
        assertThat(rgb(revalidated.body(), 180, 88)).isEqualTo(0x0000ff);

        // the same original without the overlay is another thumbnail, untouched
        HttpResponse<byte[]> plain = server.get("/v1/resize?src=in/grey.png&w=200&fmt=png");
        assertThat(rgb(plain.body(), 180, 88)).isEqualTo(0x808080);
        assertThat(header(plain, "Surrogate-Key")).isEqualTo(ResolvedSpecs.surrogateKey("in/grey.png"));
    }

    @Test
    void opacityBlendsThroughTheApi() throws Exception {
        server.seedBytes("brand/half.png", PngBytes.encode(solid(20, 10, PixelFormat.RGBA, 255, 0, 0, 255)));
        HttpResponse<byte[]> r = server.get("/v1/resize?src=in/grey.png&w=200&fmt=png&wm=brand/half.png"
                + "&wm_opacity=0.5");
        assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
        int c = rgb(r.body(), 100, 50);
        assertThat(c >> 16 & 0xff).isBetween(190, 194);
        assertThat(c >> 8 & 0xff).isBetween(62, 66);
        assertThat(c & 0xff).isBetween(62, 66);
    }

    @Test
    void missingAndHostileOverlaysAreRefusedWithAProblem() {
        assertProblem(server.get("/v1/resize?src=in/grey.png&w=100&wm=brand/none.png"), 422, "overlay-not-found");
        assertProblem(server.get("/v1/resize?src=in/grey.png&w=100&wm=../x"), 400, "invalid-parameter");
        assertProblem(server.get("/v1/resize?src=in/grey.png&w=100&wm=a/%2E%2E/x"), 400, "invalid-parameter");
        assertProblem(server.get("/v1/resize?src=in/grey.png&w=100&wm=https://evil.example/x.png"), 400,
                "invalid-parameter");
        assertProblem(server.get("/v1/resize?src=in/grey.png&w=100&wm_x=3"), 400, "invalid-parameter");
        assertProblem(server.get("/v1/resize?src=in/grey.png&w=100&wm=brand/x.png&wm_gravity=smart"), 400,
                "invalid-parameter");
        byte[] small = PngBytes.encode(solid(4, 4, PixelFormat.RGBA, 1, 2, 3, 4));
        server.seedBytes("brand/bomb.png", PngBytes.withDeclaredSize(small, 30_000, 30_000));
        HttpResponse<byte[]> bomb = server.get("/v1/resize?src=in/grey.png&w=100&wm=brand/bomb.png");
        assertProblem(bomb, 422, "invalid-overlay");
        assertThat(text(bomb)).contains("thumbd.limits.max-overlay-pixels");
        server.seedBytes("brand/text.png", "hello, not an image".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertProblem(server.get("/v1/resize?src=in/grey.png&w=100&wm=brand/text.png"), 422, "invalid-overlay");
        // the original is not blamed: the same request without the overlay is fine
        assertThat(server.get("/v1/resize?src=in/grey.png&w=100").statusCode()).isEqualTo(200);
    }

    private static HttpResponse<byte[]> put(String path, byte[] body) {
        return server.send(server.request(path, "Authorization", TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }
}
