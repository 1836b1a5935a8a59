package dev.thumbd.resizer.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The vector "over" blend agrees with its scalar twin to the bit, and the twin with the formula. */
class OverBlendTest {

    @Test
    void theTwinsAgreeToTheBitOnEveryLengthAndOffset() {
        Random r = new Random(15);
        OverBlend scalar = new ScalarOverBlend();
        OverBlend vector = new VectorOverBlend();
        for (int round = 0; round < 500; round++) {
            int n = r.nextInt(300);
            int so = r.nextInt(20);
            int dOff = r.nextInt(20);
            byte[] src = new byte[so + n];
            byte[] cover = new byte[so + n];
            for (int i = 0; i < so + n; i++) {
                int a = r.nextInt(256);
                cover[i] = (byte) a;
                src[i] = (byte) (a == 0 ? 0 : r.nextInt(a + 1));   // premultiplied: colour <= alpha
            }
            if (round % 7 == 0) {
                java.util.Arrays.fill(cover, (byte) 255);        // opaque runs
            }
            byte[] dst = new byte[dOff + n + 5];
            r.nextBytes(dst);
            byte[] a = dst.clone();
            byte[] b = dst.clone();
            scalar.blend(src, cover, so, a, dOff, n);
            vector.blend(src, cover, so, b, dOff, n);
            assertThat(b).as("round %d, n %d", round, n).isEqualTo(a);
            // bytes outside the run are untouched
            for (int i = 0; i < dOff; i++) {
                assertThat(a[i]).isEqualTo(dst[i]);
            }
            for (int i = dOff + n; i < dst.length; i++) {
                assertThat(a[i]).isEqualTo(dst[i]);
            }
        }
    }

    @Test
    void theScalarTwinIsOverInPremultipliedSpace() {
        byte[] dst = {(byte) 128, (byte) 200, 0, (byte) 255};
        // opaque red channel over anything is the overlay; nothing (cover 0) leaves the image
        new ScalarOverBlend().blend(new byte[] {(byte) 255, 0, 0, (byte) 128}, new byte[] {(byte) 255, 0, 0,
                (byte) 128}, 0, dst, 0, 4);
        assertThat(dst[0] & 0xff).isEqualTo(255);
        assertThat(dst[1] & 0xff).isEqualTo(200);
        assertThat(dst[2] & 0xff).isZero();
        // 128 + 255 x (1 - 128/255) = 128 + 127 = 255
        assertThat(dst[3] & 0xff).isEqualTo(255);
        byte[] half = {(byte) 128};
        new ScalarOverBlend().blend(new byte[] {(byte) 64}, new byte[] {(byte) 128}, 0, half, 0, 1);
        assertThat(half[0] & 0xff).isEqualTo(64 + Math.round(128 * 127 / 255f));
    }
}
