package dev.thumbd.resizer.placeholder;

import dev.thumbd.resizer.image.PixelBuffer;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A placeholder of an image: its ThumbHash and its dominant colour, from a rendition of at most 100x100 pixels.
 *
 * @param thumbHash the ThumbHash bytes ({@link ThumbHash})
 * @param dominant  the dominant colour, {@code 0xrrggbb} ({@link DominantColour})
 * @param width     width of the image the placeholder was made from (its aspect ratio is the original's)
 * @param height    height of that image
 */
public record Placeholder(byte[] thumbHash, int dominant, int width, int height) {

    /** The placeholder of a rendition of at most 100x100 pixels (any layout but CMYK). */
    public static Placeholder of(PixelBuffer image) {
        byte[] rgba = rgba(image);
        return new Placeholder(ThumbHash.encode(image.width(), image.height(), rgba),
                DominantColour.of(image.width(), image.height(), rgba), image.width(), image.height());
    }

    /** The ThumbHash in standard base64, with padding, as the reference implementation's demos print it. */
    public String thumbHashBase64() {
        return Base64.getEncoder().encodeToString(thumbHash);
    }

    /** The dominant colour as CSS {@code #rrggbb}. */
    public String dominantHex() {
        return "#" + HexFormat.of().toHexDigits(dominant).substring(2);
    }

    private static byte[] rgba(PixelBuffer p) {
        int n = p.width() * p.height();
        int c = p.channels();
        byte[] in = p.data();
        byte[] out = new byte[n * 4];
        for (int i = 0; i < n; i++) {
            int s = i * c;
            int d = i * 4;
            switch (p.format()) {
                case GRAY -> { out[d] = out[d + 1] = out[d + 2] = in[s]; out[d + 3] = (byte) 255; }
                case GRAY_ALPHA -> { out[d] = out[d + 1] = out[d + 2] = in[s]; out[d + 3] = in[s + 1]; }
                case RGB -> { out[d] = in[s]; out[d + 1] = in[s + 1]; out[d + 2] = in[s + 2]; out[d + 3] = (byte) 255; }
                case RGBA -> System.arraycopy(in, s, out, d, 4);
                case CMYK -> throw new IllegalArgumentException("CMYK is converted before a placeholder is made");
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Placeholder p && java.util.Arrays.equals(thumbHash, p.thumbHash)
                && dominant == p.dominant && width == p.width && height == p.height;
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(thumbHash) * 31 + dominant;
    }

    @Override
    public String toString() {
        return "Placeholder[" + thumbHashBase64() + " " + dominantHex() + " " + width + "x" + height + "]";
    }
}
