package dev.thumbd.resizer.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.image.Region;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.spec.Rgba;
import org.junit.jupiter.api.Test;

class FrameTest {

    private final Scratch scratch = new Scratch();

    private static PixelBuffer gradient(int w, int h, PixelFormat f) {
        byte[] d = new byte[w * h * f.channels()];
        for (int i = 0; i < d.length; i++) {
            d[i] = (byte) (i * 7);
        }
        return new PixelBuffer(d, w, h, f);
    }

    @Test
    void unchangedImageIsReturnedAsIs() {
        PixelBuffer src = gradient(10, 8, PixelFormat.RGB);
        assertThat(Frame.apply(src, new Region(0, 0, 10, 8), 10, 8, 0, 0, Rgba.WHITE, true, scratch)).isSameAs(src);
    }

    @Test
    void cropCopiesTheRightPixels() {
        PixelBuffer src = gradient(10, 8, PixelFormat.RGB);
        PixelBuffer out = Frame.apply(src, new Region(3, 2, 4, 5), 4, 5, 0, 0, Rgba.WHITE, true, scratch);
        assertThat(out.width()).isEqualTo(4);
        assertThat(out.height()).isEqualTo(5);
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 4; x++) {
                for (int c = 0; c < 3; c++) {
                    assertThat(out.data()[(y * 4 + x) * 3 + c]).isEqualTo(src.data()[((y + 2) * 10 + x + 3) * 3 + c]);
                }
            }
        }
    }

    @Test
    void padFillsWithBackgroundAroundTheImage() {
        PixelBuffer src = gradient(4, 2, PixelFormat.RGB);
        Rgba red = new Rgba(255, 0, 0, 255);
        PixelBuffer out = Frame.apply(src, new Region(0, 0, 4, 2), 4, 6, 0, 2, red, true, scratch);
        assertThat(out.format()).isEqualTo(PixelFormat.RGB);
        assertThat(out.data()[0] & 0xFF).isEqualTo(255);
        assertThat(out.data()[1]).isZero();
        int lastRow = (5 * 4 + 3) * 3;
        assertThat(out.data()[lastRow] & 0xFF).isEqualTo(255);
        assertThat(out.data()[(2 * 4) * 3]).isEqualTo(src.data()[0]);
    }

    @Test
    void transparentPaddingAddsAlphaOnlyWhenKept() {
        PixelBuffer src = gradient(4, 2, PixelFormat.RGB);
        Rgba clear = new Rgba(0, 0, 0, 0);
        assertThat(Frame.apply(src, new Region(0, 0, 4, 2), 6, 2, 1, 0, clear, true, scratch).format())
                .isEqualTo(PixelFormat.RGBA);
        assertThat(Frame.apply(src, new Region(0, 0, 4, 2), 6, 2, 1, 0, clear, false, scratch).format())
                .isEqualTo(PixelFormat.RGB);
    }

    @Test
    void flattenBlendsAlphaOntoTheBackground() {
        byte[] d = {(byte) 200, 0, 0, (byte) 128, 0, 0, (byte) 255, 0};
        PixelBuffer src = new PixelBuffer(d, 2, 1, PixelFormat.RGBA);
        PixelBuffer out = Frame.apply(src, new Region(0, 0, 2, 1), 2, 1, 0, 0, Rgba.WHITE, false, scratch);
        assertThat(out.format()).isEqualTo(PixelFormat.RGB);
        // (200*128 + 255*127 + 127) / 255 = 227; (0*128 + 255*127 + 127)/255 = 127
        assertThat(out.data()[0] & 0xFF).isEqualTo(227);
        assertThat(out.data()[1] & 0xFF).isEqualTo(127);
        // fully transparent pixel becomes the background
        assertThat(out.data()[3] & 0xFF).isEqualTo(255);
        assertThat(out.data()[5] & 0xFF).isEqualTo(255);
    }

    @Test
    void greyStaysGreyUnlessAColouredBackgroundShows() {
        PixelBuffer src = gradient(3, 3, PixelFormat.GRAY);
        assertThat(Frame.apply(src, new Region(0, 0, 3, 3), 5, 3, 1, 0, Rgba.WHITE, true, scratch).format())
                .isEqualTo(PixelFormat.GRAY);
        assertThat(Frame.apply(src, new Region(0, 0, 3, 3), 5, 3, 1, 0, new Rgba(0, 0, 255, 255), true, scratch)
                .format()).isEqualTo(PixelFormat.RGB);
    }
}
