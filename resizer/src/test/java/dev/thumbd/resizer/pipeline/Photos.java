package dev.thumbd.resizer.pipeline;

import dev.thumbd.resizer.codec.Codecs;
import dev.thumbd.resizer.codec.EncodeOptions;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.spec.ImageFormat;
import java.util.SplittableRandom;

/**
 * Photo-like test images made in code: smooth light, edges and fine noise (what makes a photo expensive to encode
 * and decode, unlike a flat fill), encoded by this server's own encoders.
 */
public final class Photos {

    private Photos() {
    }

    /** {@code w x h} pixels of photo-like content, with an alpha gradient when {@code alpha}. */
    public static PixelBuffer pixels(int w, int h, boolean alpha, long seed) {
        PixelFormat f = alpha ? PixelFormat.RGBA : PixelFormat.RGB;
        int c = f.channels();
        byte[] d = new byte[w * h * c];
        SplittableRandom r = new SplittableRandom(seed);
        double fx = 3 + r.nextDouble() * 4;
        double fy = 2 + r.nextDouble() * 4;
        for (int y = 0; y < h; y++) {
            double v = (double) y / h;
            for (int x = 0; x < w; x++) {
                double u = (double) x / w;
                double light = 0.5 + 0.35 * Math.sin(u * fx + v * 2) * Math.cos(v * fy - u);
                boolean edge = ((x / Math.max(1, w / 13)) + (y / Math.max(1, h / 9))) % 5 == 0;
                int n = r.nextInt(24) - 12;
                int i = (y * w + x) * c;
                d[i] = (byte) clamp((int) (255 * light * (edge ? 0.6 : 1.0)) + n);
                d[i + 1] = (byte) clamp((int) (220 * (1 - light) + 30 * u) + n);
                d[i + 2] = (byte) clamp((int) (160 * v + 60 * light) + n);
                if (alpha) {
                    d[i + 3] = (byte) clamp((int) (255 * (0.3 + 0.7 * u)));
                }
            }
        }
        return new PixelBuffer(d, w, h, f);
    }

    /** A photo-like image encoded as {@code format} by this server's encoder for it. */
    public static byte[] encoded(ImageFormat format, int w, int h, boolean alpha, long seed) {
        Codecs codecs = Codecs.detect(true);
        try (Scratch s = new Scratch()) {
            return codecs.encoder(format).orElseThrow().encode(pixels(w, h, alpha, seed),
                    EncodeOptions.defaults(format), s);
        }
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
