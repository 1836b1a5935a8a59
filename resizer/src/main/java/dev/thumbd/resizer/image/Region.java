package dev.thumbd.resizer.image;

/**
 * An axis-aligned rectangle in pixels.
 *
 * @param x      left edge
 * @param y      top edge
 * @param width  at least 1
 * @param height at least 1
 */
public record Region(int x, int y, int width, int height) {

    public Region {
        if (x < 0 || y < 0 || width < 1 || height < 1) {
            throw new IllegalArgumentException("bad region " + x + "," + y + " " + width + "x" + height);
        }
    }

    /** Whether this region covers all of a {@code width x height} image. */
    public boolean covers(int imageWidth, int imageHeight) {
        return x == 0 && y == 0 && width == imageWidth && height == imageHeight;
    }
}
