package dev.thumbd.spec;

/** Which part of the image survives a {@link Fit#COVER} crop, or where a {@link Fit#CONTAIN} image sits. */
public enum Gravity {
    CENTRE(0.5, 0.5),
    NORTH(0.5, 0.0),
    NORTH_EAST(1.0, 0.0),
    EAST(1.0, 0.5),
    SOUTH_EAST(1.0, 1.0),
    SOUTH(0.5, 1.0),
    SOUTH_WEST(0.0, 1.0),
    WEST(0.0, 0.5),
    NORTH_WEST(0.0, 0.0),
    /** The most interesting region, by edge energy; needs pixels, so it is resolved after decode. */
    SMART(0.5, 0.5),
    /** An explicit focal point given by {@code fx} and {@code fy} in [0, 1]. */
    FOCAL(0.5, 0.5);

    private final double x;
    private final double y;

    Gravity(double x, double y) {
        this.x = x;
        this.y = y;
    }

    /** Horizontal anchor in [0, 1]: 0 keeps the left edge, 1 the right edge. */
    public double anchorX() {
        return x;
    }

    /** Vertical anchor in [0, 1]: 0 keeps the top edge, 1 the bottom edge. */
    public double anchorY() {
        return y;
    }
}
