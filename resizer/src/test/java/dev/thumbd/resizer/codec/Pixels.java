package dev.thumbd.resizer.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import java.util.Arrays;

/** Pixel comparisons and synthetic images for codec tests. */
public final class Pixels {

    private Pixels() {
    }

    /** Mean absolute difference per sample; the buffers must have the same size and layout. */
    public static double meanAbsDiff(PixelBuffer a, PixelBuffer b) {
        assertThat(b.width()).as("width").isEqualTo(a.width());
        assertThat(b.height()).as("height").isEqualTo(a.height());
        assertThat(b.format()).as("format").isEqualTo(a.format());
        long sum = 0;
        byte[] x = a.data();
        byte[] y = b.data();
        for (int i = 0; i < a.byteLength(); i++) {
            sum += Math.abs((x[i] & 0xFF) - (y[i] & 0xFF));
        }
        return (double) sum / a.byteLength();
    }

    /** A private copy (decoders return views of scratch slots that the next decode overwrites). */
    public static PixelBuffer copy(PixelBuffer p) {
        return new PixelBuffer(Arrays.copyOf(p.data(), p.byteLength()), p.width(), p.height(), p.format());
    }

    /** The same pixels with the alpha channel removed. */
    public static PixelBuffer withoutAlpha(PixelBuffer p) {
        PixelFormat to = p.format().withoutAlpha();
        int from = p.channels();
        int keep = to.channels();
        byte[] out = new byte[p.width() * p.height() * keep];
        for (int i = 0, n = p.width() * p.height(); i < n; i++) {
            System.arraycopy(p.data(), i * from, out, i * keep, keep);
        }
        return new PixelBuffer(out, p.width(), p.height(), to);
    }

    /**
     * A smooth synthetic image (gradients, a soft disc, alpha ramping across) in any layout but CMYK: smooth so that
     * a lossy round trip stays close, varied so that a channel mix-up does not.
     */
    public static PixelBuffer synthetic(int width, int height, PixelFormat format) {
        byte[] data = new byte[width * height * format.channels()];
        int o = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double dx = x - width / 2.0;
                double dy = y - height / 2.0;
                boolean disc = dx * dx + dy * dy < (width * width) / 16.0;
                int r = 255 * x / width;
                int g = 255 * y / height;
                int b = disc ? 220 : 40;
                switch (format) {
                    case GRAY, GRAY_ALPHA -> data[o++] = (byte) ((r + g + b) / 3);
                    case RGB, RGBA -> {
                        data[o++] = (byte) r;
                        data[o++] = (byte) g;
                        data[o++] = (byte) b;
                    }
                    case CMYK -> throw new IllegalArgumentException("no synthetic CMYK");
                }
                if (format.hasAlpha()) {
                    data[o++] = (byte) (255 * (x + y) / (width + height));
                }
            }
        }
        return new PixelBuffer(data, width, height, format);
    }

    /** {@code ceil(n / d)}, as TJSCALED computes a 1/d size. */
    public static int ceilDiv(int n, int d) {
        return (n + d - 1) / d;
    }
}
