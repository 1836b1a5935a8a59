package dev.thumbd.resizer.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.image.Region;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SmartCropTest {

    /** A flat grey image with a detailed (noisy) square of {@code size} at (sx, sy). */
    private static PixelBuffer subjectAt(int w, int h, int sx, int sy, int size) {
        byte[] d = new byte[w * h * 3];
        java.util.Arrays.fill(d, (byte) 120);
        Random rnd = new Random(7);
        for (int y = sy; y < sy + size; y++) {
            for (int x = sx; x < sx + size; x++) {
                int i = (y * w + x) * 3;
                d[i] = (byte) rnd.nextInt(256);
                d[i + 1] = (byte) rnd.nextInt(256);
                d[i + 2] = (byte) rnd.nextInt(256);
            }
        }
        return new PixelBuffer(d, w, h, PixelFormat.RGB);
    }

    @Test
    void windowFollowsAnOffCentreSubject() {
        PixelBuffer img = subjectAt(400, 200, 320, 60, 60);
        Region r = SmartCrop.find(img, 200, 200);
        assertThat(r.x()).isLessThanOrEqualTo(320);
        assertThat(r.x() + r.width()).isGreaterThanOrEqualTo(380);
        assertThat(r.width()).isEqualTo(200);
    }

    @Test
    void windowFollowsASubjectVertically() {
        PixelBuffer img = subjectAt(200, 500, 50, 20, 80);
        Region r = SmartCrop.find(img, 200, 150);
        assertThat(r.y()).isLessThanOrEqualTo(20);
        assertThat(r.y() + r.height()).isGreaterThanOrEqualTo(100);
    }

    @Test
    void evenTextureCropsAtTheCentre() {
        PixelBuffer img = subjectAt(300, 100, 0, 0, 100);
        PixelBuffer flat = new PixelBuffer(new byte[300 * 100 * 3], 300, 100, PixelFormat.RGB);
        assertThat(SmartCrop.find(flat, 100, 100)).isEqualTo(new Region(100, 0, 100, 100));
        assertThat(SmartCrop.find(img, 100, 100).x()).isZero();
    }

    @Test
    void greyImagesWork() {
        byte[] d = new byte[100 * 50];
        for (int y = 10; y < 40; y++) {
            for (int x = 80; x < 100; x++) {
                d[y * 100 + x] = (byte) ((x + y) % 2 == 0 ? 255 : 0);
            }
        }
        Region r = SmartCrop.find(new PixelBuffer(d, 100, 50, PixelFormat.GRAY), 40, 50);
        assertThat(r.x()).isEqualTo(60);
    }
}
