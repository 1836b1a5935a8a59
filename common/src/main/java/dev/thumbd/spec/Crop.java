package dev.thumbd.spec;

/**
 * {@code crop}: a rectangle of the original, in pixels of the upright original (after its EXIF orientation), cut
 * out before anything else happens to it: {@code rotate}, {@code flip}/{@code flop} and the resize then apply to
 * the rectangle alone. Spelt {@code x,y,w,h}: the top-left corner, then the width and height.
 *
 * <p>The spec checks the spelling and the ranges; whether the rectangle lies inside the image can only be known
 * from the image's header, and the resizer checks it there (400 when it does not).
 *
 * @param x      left edge, 0..{@value #MAX}
 * @param y      top edge, 0..{@value #MAX}
 * @param width  1..{@value #MAX}
 * @param height 1..{@value #MAX}
 */
public record Crop(int x, int y, int width, int height) {

    /** The largest coordinate or side: no original the resizer accepts is wider or taller. */
    public static final int MAX = 1_000_000;

    /** No crop: the whole original (all four zero, which no request can spell). */
    public static final Crop NONE = new Crop(0, 0, 0, 0);

    private static final String EXPECTATION = "x,y,w,h: four integers, x and y 0.." + MAX + ", w and h 1.." + MAX;

    public Crop {
        boolean none = x == 0 && y == 0 && width == 0 && height == 0;
        if (!none && (x < 0 || y < 0 || x > MAX || y > MAX || width < 1 || height < 1 || width > MAX || height > MAX)) {
            throw new InvalidParameterException(ParameterName.CROP, EXPECTATION, x + "," + y + "," + width + ","
                    + height);
        }
    }

    /** Whether this is {@link #NONE}. */
    public boolean none() {
        return width == 0;
    }

    /** The right edge, exclusive. */
    public long right() {
        return (long) x + width;
    }

    /** The bottom edge, exclusive. */
    public long bottom() {
        return (long) y + height;
    }

    /** Parses {@code x,y,w,h} (ASCII digits, leading zeros allowed). */
    static Crop parse(String raw) {
        String[] parts = raw.split(",", -1);
        if (parts.length != 4) {
            throw new InvalidParameterException(ParameterName.CROP, EXPECTATION, raw);
        }
        int[] v = new int[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 9 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new InvalidParameterException(ParameterName.CROP, EXPECTATION, raw);
            }
            v[i] = Integer.parseInt(p);
        }
        if (v[2] == 0 || v[3] == 0) {
            throw new InvalidParameterException(ParameterName.CROP, EXPECTATION, raw);
        }
        try {
            return new Crop(v[0], v[1], v[2], v[3]);
        } catch (InvalidParameterException e) {
            throw new InvalidParameterException(ParameterName.CROP, EXPECTATION, raw);
        }
    }

    /** The canonical spelling: {@code x,y,w,h} without leading zeros. */
    String token() {
        return x + "," + y + "," + width + "," + height;
    }

    @Override
    public String toString() {
        return none() ? "Crop[none]" : "Crop[" + token() + "]";
    }
}
