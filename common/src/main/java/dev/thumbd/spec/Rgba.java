package dev.thumbd.spec;

/**
 * An sRGB colour with alpha, 8 bits per channel, used for {@code bg} (padding and flattening).
 *
 * @param r red 0..255
 * @param g green 0..255
 * @param b blue 0..255
 * @param a alpha 0..255, 255 opaque
 */
public record Rgba(int r, int g, int b, int a) {
    /** Opaque white, the background when none is given. */
    public static final Rgba WHITE = new Rgba(255, 255, 255, 255);

    public Rgba {
        check("r", r);
        check("g", g);
        check("b", b);
        check("a", a);
    }

    private static void check(String name, int v) {
        if (v < 0 || v > 255) {
            throw new IllegalArgumentException(name + " must be 0..255 but was " + v);
        }
    }

    /** Whether the colour is fully opaque. */
    public boolean opaque() {
        return a == 255;
    }
}
