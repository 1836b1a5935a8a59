package dev.thumbd.resizer.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.image.Region;
import dev.thumbd.resizer.image.Scratch;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The eight orientations as a group: composition, inverses, the request's turns, and regions mapped through them. */
class OrientationAlgebraTest {

    /** A 3x2 image whose pixels are all different, one byte each (the value is the pixel's index). */
    private static PixelBuffer grid() {
        byte[] px = new byte[6 * 3];
        for (int i = 0; i < 6; i++) {
            px[i * 3] = (byte) i;
        }
        return new PixelBuffer(px, 3, 2, PixelFormat.RGB);
    }

    private static byte[] pixels(PixelBuffer p) {
        byte[] out = new byte[p.width() * p.height()];
        for (int i = 0; i < out.length; i++) {
            out[i] = p.data()[i * 3];
        }
        return out;
    }

    private static PixelBuffer apply(PixelBuffer p, int orientation) {
        PixelBuffer r = Orientation.apply(p, orientation, new Scratch());
        return new PixelBuffer(Arrays.copyOf(r.data(), r.byteLength()), r.width(), r.height(), r.format());
    }

    @Test
    void composingIsApplyingOneAfterTheOther() {
        for (int a = 1; a <= 8; a++) {
            for (int b = 1; b <= 8; b++) {
                PixelBuffer twice = apply(apply(grid(), a), b);
                PixelBuffer once = apply(grid(), Orientation.compose(a, b));
                assertThat(pixels(once)).as("%d then %d", a, b).isEqualTo(pixels(twice));
                assertThat(once.width()).isEqualTo(twice.width());
            }
            assertThat(Orientation.compose(a, Orientation.inverse(a))).isEqualTo(1);
        }
        assertThat(Orientation.inverse(6)).isEqualTo(8);
        assertThat(Orientation.inverse(5)).isEqualTo(5);
    }

    @Test
    void turnsAreClockwiseAndTheFlopMirrorsLeftRight() {
        assertThat(Orientation.ofTurn(0, false)).isEqualTo(1);
        assertThat(Orientation.ofTurn(90, false)).isEqualTo(6);
        assertThat(Orientation.ofTurn(180, false)).isEqualTo(3);
        assertThat(Orientation.ofTurn(270, false)).isEqualTo(8);
        assertThat(Orientation.ofTurn(0, true)).isEqualTo(2);
        // a flip (top-bottom, orientation 4) is a half turn then a flop
        assertThat(Orientation.ofTurn(180, true)).isEqualTo(4);
        int[] seen = new int[9];
        for (int r = 0; r < 360; r += 90) {
            seen[Orientation.ofTurn(r, false)]++;
            seen[Orientation.ofTurn(r, true)]++;
        }
        assertThat(Arrays.copyOfRange(seen, 1, 9)).containsOnly(1);
    }

    @Test
    void aRegionMapsToWhereItsPixelsLand() {
        PixelBuffer img = grid();
        Region r = new Region(1, 0, 2, 1);   // pixels 1 and 2
        for (int o = 1; o <= 8; o++) {
            PixelBuffer turned = apply(img, o);
            Region m = Orientation.map(o, 3, 2, r);
            assertThat((long) m.width() * m.height()).isEqualTo(2);
            byte[] inside = new byte[2];
            int k = 0;
            for (int y = m.y(); y < m.y() + m.height(); y++) {
                for (int x = m.x(); x < m.x() + m.width(); x++) {
                    inside[k++] = turned.data()[(y * turned.width() + x) * 3];
                }
            }
            Arrays.sort(inside);
            assertThat(inside).as("orientation %d", o).containsExactly(1, 2);
        }
    }
}
