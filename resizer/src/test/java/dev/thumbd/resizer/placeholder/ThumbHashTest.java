package dev.thumbd.resizer.placeholder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The encoder against the reference implementation: the expected hashes were computed by Evan Wallace's own
 * {@code rgbaToThumbHash} (npm {@code thumbhash} 0.1.1, run with Node) on the same images, built here from the same
 * formulas.
 */
class ThumbHashTest {

    interface Pixel {
        int[] at(int x, int y);
    }

    static byte[] image(int w, int h, Pixel f) {
        byte[] rgba = new byte[w * h * 4];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int[] p = f.at(x, y);
                for (int k = 0; k < 4; k++) {
                    rgba[(y * w + x) * 4 + k] = (byte) p[k];
                }
            }
        }
        return rgba;
    }

    private static String hash(int w, int h, Pixel f) {
        return Base64.getEncoder().encodeToString(ThumbHash.encode(w, h, image(w, h, f)));
    }

    @Test
    void anOpaqueGradient() {
        assertThat(hash(40, 30, (x, y) -> new int[] {(x * 6) & 255, (y * 8) & 255, ((x * y) >> 2) & 255, 255}))
                .isEqualTo("WQkOHZhwd3eQeHiHh3eHh5oKCfeI");
    }

    @Test
    void aPortraitWithAlpha() {
        assertThat(hash(24, 36, (x, y) -> new int[] {(x * 10) & 255, 128, (255 - y * 7) & 255, ((x + y) * 9) & 255}))
                .isEqualTo("oPeFMwwYcG+nmHaEkAl4qHV3iHUIV3c=");
    }

    @Test
    void fourQuadrantsAtTheLargestSize() {
        assertThat(hash(100, 100, (x, y) -> {
            boolean right = x >= 50;
            return y < 50 ? (right ? new int[] {0, 255, 0, 255} : new int[] {255, 0, 0, 255})
                    : (right ? new int[] {255, 255, 0, 255} : new int[] {0, 0, 255, 255});
        })).isEqualTo("2gkKpyiAiobAZ4d3iKiGeIiGB7iMf8gI");
    }

    @Test
    void oneWhitePixel() {
        assertThat(hash(1, 1, (x, y) -> new int[] {255, 255, 255, 255})).isEqualTo("Pwh+BwAI9wiIh4hwj3CI+AiIAAAAAAAA");
    }

    @Test
    void refusesWhatItCannotEncode() {
        assertThatThrownBy(() -> ThumbHash.encode(101, 10, new byte[101 * 10 * 4]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ThumbHash.encode(10, 10, new byte[10]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDominantColourIsTheFullestBinsMean() {
        // 60% dark red in two shades of one bin, 40% white
        byte[] rgba = image(10, 10, (x, y) -> x < 6 ? new int[] {200 + (y & 1) * 2, 10, 20, 255}
                : new int[] {255, 255, 255, 255});
        assertThat(DominantColour.of(10, 10, rgba)).isEqualTo(201 << 16 | 10 << 8 | 20);
        // transparent pixels do not count while any pixel is at least half opaque
        byte[] mostlyClear = image(10, 10, (x, y) -> x < 8 ? new int[] {0, 0, 255, 0} : new int[] {0, 128, 0, 255});
        assertThat(DominantColour.of(10, 10, mostlyClear)).isEqualTo(0x008000);
    }

    @Test
    void aFlatColourDrawsBackAsThatColour() {
        byte[] hash = ThumbHash.encode(20, 10, image(20, 10, (x, y) -> new int[] {40, 120, 200, 255}));
        byte[] drawn = ThumbHash.decode(hash, 32, 16);
        assertThat(drawn).hasSize(32 * 16 * 4);
        for (int i = 0; i < drawn.length; i += 4) {
            // the 6-bit luminance and colour averages, within their quantisation
            assertThat(Math.abs((drawn[i] & 0xff) - 40)).isLessThanOrEqualTo(6);
            assertThat(Math.abs((drawn[i + 1] & 0xff) - 120)).isLessThanOrEqualTo(6);
            assertThat(Math.abs((drawn[i + 2] & 0xff) - 200)).isLessThanOrEqualTo(6);
            assertThat(drawn[i + 3] & 0xff).isEqualTo(255);
        }
    }

    @Test
    void theQuadrantsDrawBackInTheirPlacesWithAlpha() {
        byte[] hash = ThumbHash.encode(40, 40, image(40, 40, (x, y) -> x < 20
                ? new int[] {255, 0, 0, y < 20 ? 255 : 0} : new int[] {0, 0, 255, 255}));
        byte[] drawn = ThumbHash.decode(hash, 32, 32);
        int topLeft = 0;
        int topRight = 31 * 4;
        int bottomLeft = (31 * 32) * 4;
        assertThat(drawn[topLeft] & 0xff).isGreaterThan(drawn[topLeft + 2] & 0xff);       // red
        assertThat(drawn[topRight + 2] & 0xff).isGreaterThan(drawn[topRight] & 0xff);     // blue
        assertThat(drawn[topLeft + 3] & 0xff).isGreaterThan(200);
        assertThat(drawn[bottomLeft + 3] & 0xff).isLessThan(128);                         // transparent, blurred
    }

    @Test
    void refusesWhatItCannotDraw() {
        byte[] hash = ThumbHash.encode(4, 4, new byte[64]);
        assertThatThrownBy(() -> ThumbHash.decode(hash, 0, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ThumbHash.decode(hash, 4, 101)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ThumbHash.decode(new byte[3], 4, 4)).isInstanceOf(IllegalArgumentException.class);
    }
}
