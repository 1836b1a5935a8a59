package dev.thumbd.resizer.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.resizer.fixture.AnimatedImages;
import dev.thumbd.resizer.fixture.AnimatedImages.GifFrame;
import dev.thumbd.resizer.fixture.AnimatedImages.WebpAnimation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.awt.image.BufferedImage;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import javax.imageio.ImageIO;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Animated GIF and WebP originals through {@code /v1/resize}: animated WebP out with every frame resized, the
 * source's delays and loop count; {@code frame=N} as a still; hostile animations refused with a problem before they
 * are decoded (too many frames, frames x area, a frame off the screen, cut short), uploads of them refused too, and
 * the resizer answering normally after each.
 */
class AnimationHttpTest {

    @TempDir
    static Path dir;

    private static ResizerServer server;

    /** 64x48, 3 frames: red; a green square, then cleared; a blue square. 9,216 pixels over all frames. */
    private static final byte[] GIF = AnimatedImages.gif(3,
            new GifFrame(0, 0, 64, 48, 1, 10, "none"),
            new GifFrame(8, 8, 16, 16, 2, 20, "restoreToBackgroundColor"),
            new GifFrame(40, 24, 16, 16, 3, 30, "none"));

    @BeforeAll
    static void start() {
        server = ResizerServer.start(Map.of(
                "thumbd.store.root", dir.resolve("data").toString(),
                "thumbd.cache.disk.enabled", "false",
                "thumbd.limits.max-animation-pixels", "20000"));
        server.seedBytes("anim/moving.gif", GIF);
        server.seedBytes("anim/colours.webp", AnimatedImages.webp(80, 60, 2, new int[] {50, 150, 400},
                new int[][] {{255, 0, 0, 255}, {0, 0, 255, 255}, {0, 255, 0, 128}}));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anAnimatedGifComesOutAnAnimatedWebp() {
        HttpResponse<byte[]> r = server.get("/v1/resize?src=anim/moving.gif&w=32&fmt=webp");
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("image/webp");
        assertThat(r.headers().firstValue("X-Thumbd-Animation")).isEmpty();
        WebpAnimation a = AnimatedImages.readWebp(r.body());
        assertThat(a.width()).isEqualTo(32);
        assertThat(a.height()).isEqualTo(24);
        assertThat(a.frames()).hasSize(3);
        assertThat(a.durations()).containsExactly(100, 200, 300);
        assertThat(a.loopCount()).isEqualTo(4);
        assertColour(a.pixel(0, 8, 8), 255, 0, 0, 255);
        assertColour(a.pixel(1, 8, 8), 0, 255, 0, 255);
        assertThat(a.pixel(2, 8, 8)[3]).isLessThan(16);
        assertColour(a.pixel(2, 24, 16), 0, 0, 255, 255);
    }

    @Test
    void anAnimatedWebpStaysAnimatedThroughContentNegotiation() {
        HttpResponse<byte[]> r = server.get("/v1/resize?src=anim/colours.webp&w=40", "Accept", "image/webp,*/*");
        assertThat(r.statusCode()).isEqualTo(200);
        WebpAnimation a = AnimatedImages.readWebp(r.body());
        assertThat(a.width()).isEqualTo(40);
        assertThat(a.height()).isEqualTo(30);
        assertThat(a.durations()).containsExactly(50, 150, 400);
        assertThat(a.loopCount()).isEqualTo(2);
        assertColour(a.pixel(0, 20, 15), 255, 0, 0, 255);
        assertColour(a.pixel(1, 20, 15), 0, 0, 255, 255);
        assertColour(a.pixel(2, 20, 15), 0, 255, 0, 128);
    }

    @Test
    void frameNIsAStill() throws IOException {
        HttpResponse<byte[]> r = server.get("/v1/resize?src=anim/colours.webp&w=40&fmt=png&frame=1");
        assertThat(r.statusCode()).isEqualTo(200);
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(r.body()));
        assertThat(png.getWidth()).isEqualTo(40);
        int rgb = png.getRGB(20, 15);
        assertThat(rgb & 0xFF).as("blue of frame 1").isGreaterThan(230);
        assertThat((rgb >> 16) & 0xFF).isLessThan(25);
        ResizerHttpContract.assertProblem(server.get("/v1/resize?src=anim/moving.gif&w=32&frame=3"), 400,
                "invalid-parameter");
        ResizerHttpContract.assertProblem(server.get("/v1/resize?src=anim/moving.gif&w=32&frame=-1"), 400,
                "invalid-parameter");
    }

    @Test
    void hostileAnimationsAreRefusedAndTheResizerCarriesOn() {
        refused("anim/tiny-frames.gif", AnimatedImages.tinyFrames(5000), 422, "image-too-large", "max-frames");
        GifFrame full = new GifFrame(0, 0, 64, 48, 1, 10, "none");
        refused("anim/long.gif", AnimatedImages.gif(0, full, full, full, full, full, full, full, full), 422,
                "image-too-large", "max-animation-pixels");
        byte[] offScreen = AnimatedImages.gif(0, full, new GifFrame(56, 40, 16, 16, 2, 10, "none"));
        refused("anim/off-screen.gif", offScreen, 422, "corrupt-image", "outside");
        refused("anim/cut.gif", Arrays.copyOf(GIF, GIF.length - 20), 422, "corrupt-image", "");
        byte[] webp = AnimatedImages.webp(80, 60, 0, new int[] {50, 50},
                new int[][] {{255, 0, 0, 255}, {0, 0, 255, 255}});
        refused("anim/cut.webp", Arrays.copyOf(webp, webp.length * 2 / 3), 422, "corrupt-image", "");
        assertThat(server.get("/v1/resize?src=anim/moving.gif&w=20&fmt=webp").statusCode()).isEqualTo(200);
    }

    @Test
    void uploadsOfHostileAnimationsAreRefused() {
        HttpResponse<byte[]> put = server.send(server.request("/v1/images/anim/upload.gif",
                        "Authorization", "Bearer test-token")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(AnimatedImages.tinyFrames(5000))).build());
        ResizerHttpContract.assertProblem(put, 422, "image-too-large");
        ResizerHttpContract.assertProblem(server.get("/v1/resize?src=anim/upload.gif&w=20"), 404, "source-not-found");
    }

    private static void refused(String key, byte[] bytes, int status, String type, String detail) {
        server.seedBytes(key, bytes);
        HttpResponse<byte[]> r = server.get("/v1/resize?src=" + key + "&w=32&fmt=webp");
        ResizerHttpContract.assertProblem(r, status, type);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains(detail);
    }

    private static void assertColour(int[] rgba, int r, int g, int b, int a) {
        String px = Arrays.toString(rgba);
        assertThat(rgba[0]).as("red of %s", px).isCloseTo(r, Offset.offset(24));
        assertThat(rgba[1]).as("green of %s", px).isCloseTo(g, Offset.offset(24));
        assertThat(rgba[2]).as("blue of %s", px).isCloseTo(b, Offset.offset(24));
        assertThat(rgba[3]).as("alpha of %s", px).isCloseTo(a, Offset.offset(8));
    }
}
