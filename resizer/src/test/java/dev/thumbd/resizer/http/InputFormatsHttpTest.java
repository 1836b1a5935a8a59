package dev.thumbd.resizer.http;

import static dev.thumbd.resizer.http.ResizerHttpContract.assertProblem;
import static dev.thumbd.resizer.http.ResizerHttpContract.header;
import static dev.thumbd.resizer.http.ResizerHttpContract.probe;
import static dev.thumbd.resizer.http.ResizerHttpContract.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.resizer.codec.Pixels;
import dev.thumbd.resizer.fixture.HeifFiles;
import dev.thumbd.resizer.fixture.PngBytes;
import dev.thumbd.resizer.fixture.TiffBytes;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.spec.ImageFormat;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The input formats through the HTTP API: GIF, HEIC, TIFF and BMP originals become thumbnails; hostile ones get 4xx. */
class InputFormatsHttpTest {

    private static final String TOKEN = "Bearer test-token";

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

    /** A 120x80 still GIF: red on the left half, blue on the right, written by the JDK's GIF writer. */
    private static byte[] gif() throws Exception {
        BufferedImage image = new BufferedImage(120, 80, BufferedImage.TYPE_BYTE_INDEXED);
        for (int y = 0; y < 80; y++) {
            for (int x = 0; x < 120; x++) {
                image.setRGB(x, y, x < 60 ? 0xFF0000 : 0x0000FF);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, "gif", out)).isTrue();
        return out.toByteArray();
    }

    private static int[] rgb(byte[] encoded, int x, int y) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(encoded));
        int c = image.getRGB(x, y);
        return new int[] {(c >> 16) & 0xFF, (c >> 8) & 0xFF, c & 0xFF};
    }

    private static void assertClose(int[] actual, int[] expected, int tolerance) {
        for (int k = 0; k < 3; k++) {
            assertThat(Math.abs(actual[k] - expected[k])).as("%s vs %s", Arrays.toString(actual),
                    Arrays.toString(expected)).isLessThanOrEqualTo(tolerance);
        }
    }

    @Test
    void aStoredGifBecomesAThumbnail() throws Exception {
        server.seedBytes("in/still.gif", gif());
        HttpResponse<byte[]> r = server.get("/v1/resize?src=in/still.gif&w=60&fmt=png");
        assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
        assertThat(header(r, "Content-Type")).isEqualTo("image/png");
        assertThat(probe(r.body()).width()).isEqualTo(60);
        assertThat(probe(r.body()).height()).isEqualTo(40);
        assertClose(rgb(r.body(), 10, 20), new int[] {255, 0, 0}, 2);
        assertClose(rgb(r.body(), 50, 20), new int[] {0, 0, 255}, 2);
        HttpResponse<byte[]> jpeg = server.get("/v1/resize?src=in/still.gif&w=30&fmt=jpeg&q=95");
        assertThat(jpeg.statusCode()).isEqualTo(200);
        assertThat(probe(jpeg.body()).width()).isEqualTo(30);
        assertClose(rgb(jpeg.body(), 4, 10), new int[] {255, 0, 0}, 24);
    }

    @Test
    void aStoredHeicBecomesAThumbnailInEveryFormat() {
        byte[] heic = HeifFiles.encode(PngBytes.encode(Pixels.synthetic(240, 160, PixelFormat.RGB)), "png",
                "-q", "90");
        server.seedBytes("in/photo.heic", heic);
        for (String fmt : List.of("jpeg", "png", "webp", "avif")) {
            HttpResponse<byte[]> r = server.get("/v1/resize?src=in/photo.heic&w=120&fmt=" + fmt);
            assertThat(r.statusCode()).as(fmt + ": " + text(r)).isEqualTo(200);
            assertThat(probe(r.body()).format()).isEqualTo(ImageFormat.fromToken(fmt).orElseThrow());
            assertThat(probe(r.body()).width()).isEqualTo(120);
            assertThat(probe(r.body()).height()).isEqualTo(80);
        }
        HttpResponse<byte[]> info = server.get("/v1/info?src=in/photo.heic");
        assertThat(info.statusCode()).as(text(info)).isEqualTo(200);
        assertThat(text(info)).contains("\"width\":240").contains("heic");
    }

    @Test
    void hostileHeicsGetProblemsNotErrors() {
        byte[] good = HeifFiles.encode(PngBytes.encode(Pixels.synthetic(96, 64, PixelFormat.RGB)), "png", "-q", "80");
        server.seedBytes("bad/huge.heic", HeifFiles.withPrimarySize(good, 60000, 60000));
        assertProblem(server.get("/v1/resize?src=bad/huge.heic&w=100"), 422, "image-too-large");
        server.seedBytes("bad/truncated.heic", Arrays.copyOf(good, good.length - 60));
        assertProblem(server.get("/v1/resize?src=bad/truncated.heic&w=100"), 422, "corrupt-image");
        byte[] garbage = Arrays.copyOf(good, good.length);
        for (int i = 40; i < garbage.length; i++) {
            garbage[i] = (byte) (i * 31);
        }
        server.seedBytes("bad/garbage.heic", garbage);
        assertProblem(server.get("/v1/resize?src=bad/garbage.heic&w=100"), 422, "corrupt-image");
    }

    @Test
    void tiffAndBmpOriginalsBecomeThumbnailsAndHostileTiffsAreRefused() throws Exception {
        byte[] pixels = new byte[80 * 40 * 3];
        for (int i = 0; i < pixels.length; i += 3) {
            pixels[i + 1] = (byte) 200;
        }
        server.seedBytes("in/green.tiff", TiffBytes.write(List.of(TiffBytes.Page.of(80, 40, 3, 2, false, pixels))));
        HttpResponse<byte[]> r = server.get("/v1/resize?src=in/green.tiff&w=40&fmt=png");
        assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
        assertThat(probe(r.body()).height()).isEqualTo(20);
        assertClose(rgb(r.body(), 20, 10), new int[] {0, 200, 0}, 2);

        BufferedImage image = new BufferedImage(80, 40, BufferedImage.TYPE_3BYTE_BGR);
        ByteArrayOutputStream bmp = new ByteArrayOutputStream();
        ImageIO.write(image, "bmp", bmp);
        server.seedBytes("in/black.bmp", bmp.toByteArray());
        HttpResponse<byte[]> b = server.get("/v1/resize?src=in/black.bmp&w=40&fmt=webp");
        assertThat(b.statusCode()).as(text(b)).isEqualTo(200);
        assertThat(probe(b.body()).height()).isEqualTo(20);

        byte[] one = {1, 2, 3};
        server.seedBytes("bad/huge.tiff", TiffBytes.write(List.of(TiffBytes.Page.of(60000, 60000, 3, 2, false, one))));
        assertProblem(server.get("/v1/resize?src=bad/huge.tiff&w=100"), 422, "image-too-large");
    }

    @Test
    void uploadsOfNewFormatsAreInspected() throws Exception {
        byte[] good = HeifFiles.encode(PngBytes.encode(Pixels.synthetic(96, 64, PixelFormat.RGB)), "png", "-q", "80");
        HttpResponse<byte[]> created = put("/v1/images/up/photo.heic", good);
        assertThat(created.statusCode()).as(text(created)).isEqualTo(201);
        assertThat(text(created)).contains("\"width\":96");
        assertProblem(put("/v1/images/up/huge.heic", HeifFiles.withPrimarySize(good, 60000, 60000)), 422,
                "image-too-large");
        byte[] one = {1, 2, 3};
        assertProblem(put("/v1/images/up/huge.tiff",
                TiffBytes.write(List.of(TiffBytes.Page.of(60000, 60000, 3, 2, false, one)))), 422, "image-too-large");
        assertProblem(server.get("/v1/resize?src=up/huge.heic&w=10"), 404, "source-not-found");
    }

    private static HttpResponse<byte[]> put(String path, byte[] body) {
        return server.send(server.request(path, "Authorization", TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }
}
