package dev.thumbd.resizer.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A missing original under a prefix with a fallback image is answered with the same thumbnail of the fallback: 200,
 * a header naming it, a minute at most in any cache, no CDN lifetime; other prefixes stay 404; once the original is
 * stored it is served itself.
 */
class FallbackImageHttpTest {

    @TempDir
    Path dir;

    @Test
    void aMissingOriginalUnderAPrefixGetsTheFallbackImage() throws Exception {
        try (ResizerServer server = ResizerServer.start(Map.of(
                "thumbd.store.root", dir.resolve("data").toString(),
                "thumbd.cache.disk.enabled", "false",
                "thumbd.fallback.images[avatars/]", "defaults/avatar.jpg"))) {
            server.seed("defaults/avatar.jpg", "photo-600x450.jpg");
            HttpResponse<byte[]> r = server.get("/v1/resize?src=avatars/nobody.jpg&w=60&fmt=png");
            assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(200);
            assertThat(r.headers().firstValue(FallbackImages.HEADER)).hasValue("defaults/avatar.jpg");
            assertThat(r.headers().firstValue("Cache-Control")).hasValueSatisfying(
                    cc -> assertThat(Long.parseLong(cc.replaceAll(".*max-age=(\\d+).*", "$1"))).isLessThanOrEqualTo(60));
            assertThat(r.headers().firstValue("CDN-Cache-Control")).isEmpty();
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(r.body()));
            assertThat(img.getWidth()).isEqualTo(60);
            assertThat(img.getHeight()).isEqualTo(45);

            ResizerHttpContract.assertProblem(server.get("/v1/resize?src=others/nobody.jpg&w=60&fmt=png"), 404,
                    "source-not-found");

            server.seed("avatars/nobody.jpg", "photo-1920x1080.jpg");
            server.bean(dev.thumbd.resizer.service.ThumbnailService.class).purge("avatars/nobody.jpg")
                    .block(java.time.Duration.ofSeconds(30));
            HttpResponse<byte[]> real = server.get("/v1/resize?src=avatars/nobody.jpg&w=60&fmt=png");
            assertThat(real.statusCode()).isEqualTo(200);
            assertThat(real.headers().firstValue(FallbackImages.HEADER)).isEmpty();
            assertThat(ImageIO.read(new ByteArrayInputStream(real.body())).getHeight()).isEqualTo(34);
        }
    }

    @Test
    void theLongestPrefixWinsAndAFallbackIsNotItsOwn() {
        FallbackImages f = new FallbackImages(Map.of("a/", "x.png", "a/b/", "y.png", "x", "x.png"));
        assertThat(f.forSource("a/b/c.jpg")).hasValue("y.png");
        assertThat(f.forSource("a/c.jpg")).hasValue("x.png");
        assertThat(f.forSource("b/c.jpg")).isEmpty();
        assertThat(f.forSource("x.png")).isEmpty();
        assertThat(FallbackImages.NONE.forSource("a/b/c.jpg")).isEmpty();
    }
}
