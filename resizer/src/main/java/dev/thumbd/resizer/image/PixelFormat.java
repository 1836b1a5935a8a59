package dev.thumbd.resizer.image;

/** The interleaved 8-bit layouts a {@link PixelBuffer} can hold. */
public enum PixelFormat {
    GRAY(1, false),
    GRAY_ALPHA(2, true),
    RGB(3, false),
    RGBA(4, true),
    /** Decoder output of CMYK/YCCK JPEGs only; the colour step turns it into {@link #RGB} before anything else. */
    CMYK(4, false);

    private final int channels;
    private final boolean alpha;

    PixelFormat(int channels, boolean alpha) {
        this.channels = channels;
        this.alpha = alpha;
    }

    /** Bytes per pixel. */
    public int channels() {
        return channels;
    }

    /** Whether the last channel is alpha. */
    public boolean hasAlpha() {
        return alpha;
    }

    /** The layout with the same colour channels and an alpha channel added ({@code CMYK} has none). */
    public PixelFormat withAlpha() {
        return switch (this) {
            case GRAY, GRAY_ALPHA -> GRAY_ALPHA;
            case RGB, RGBA -> RGBA;
            case CMYK -> throw new IllegalStateException("CMYK has no alpha layout");
        };
    }

    /** The layout with the alpha channel dropped. */
    public PixelFormat withoutAlpha() {
        return switch (this) {
            case GRAY, GRAY_ALPHA -> GRAY;
            case RGB, RGBA -> RGB;
            case CMYK -> CMYK;
        };
    }
}
