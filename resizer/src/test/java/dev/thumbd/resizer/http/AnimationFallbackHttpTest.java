package dev.thumbd.resizer.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.resizer.fixture.AnimatedImages;
import dev.thumbd.resizer.fixture.AnimatedImages.GifFrame;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that writes no animations ({@code thumbd.limits.animations=false}, the same path as a server without
 * libwebpmux) makes a still of the first frame of an animation asked for as WebP, and says so: {@code
 * X-Thumbd-Animation: still}, answered as a substitute (short max-age, memory only).
 */
class AnimationFallbackHttpTest {

    @TempDir
    Path dir;

    @Test
    void aServerThatWritesNoAnimationsSaysSoOnTheStillItMakes() {
        try (ResizerServer stills = ResizerServer.start(Map.of(
                "thumbd.store.root", dir.resolve("data").toString(),
                "thumbd.cache.disk.enabled", "false",
                "thumbd.limits.animations", "false"))) {
            stills.seedBytes("anim/moving.gif", AnimatedImages.gif(0, new GifFrame(0, 0, 64, 48, 1, 10, "none"),
                    new GifFrame(8, 8, 16, 16, 2, 20, "none")));
            for (int i = 0; i < 2; i++) {
                HttpResponse<byte[]> r = stills.get("/v1/resize?src=anim/moving.gif&w=32&fmt=webp");
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("X-Thumbd-Animation")).hasValue("still");
                assertThat(r.headers().firstValue("Server-Timing").orElseThrow())
                        .contains("substitute;desc=still-of-animation");
                assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=60");
                assertThat(r.body()[12]).as("a simple (not extended) WebP: one frame").isNotEqualTo((byte) 'X');
                assertThat(r.body()[15] == 'X' && (r.body()[20] & 0x02) != 0).as("animation flag").isFalse();
            }
            HttpResponse<byte[]> picked = stills.get("/v1/resize?src=anim/moving.gif&w=32&fmt=webp&frame=1");
            assertThat(picked.statusCode()).isEqualTo(200);
            assertThat(picked.headers().firstValue("X-Thumbd-Animation")).as("a still was asked for").isEmpty();
        }
    }

}
