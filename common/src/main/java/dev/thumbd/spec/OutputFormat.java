package dev.thumbd.spec;

import java.util.Locale;
import java.util.Optional;

/** The {@code fmt} parameter: a concrete output format, or {@code auto} to negotiate one from {@code Accept}. */
public enum OutputFormat {
    AUTO(null),
    JPEG(ImageFormat.JPEG),
    PNG(ImageFormat.PNG),
    WEBP(ImageFormat.WEBP),
    AVIF(ImageFormat.AVIF),
    /**
     * The placeholder of the original (its crop and turn applied): a PNG of at most 32 pixels on its longer side,
     * drawn from the original's ThumbHash, for an {@code <img src>} or a CSS background while the thumbnail loads.
     * Never chosen by {@code auto}; takes no box, encoding or filter parameter ({@link ThumbnailSpec}).
     */
    LQIP(ImageFormat.PNG);

    private final ImageFormat format;

    OutputFormat(ImageFormat format) {
        this.format = format;
    }

    /** Whether this is {@link #LQIP}: the placeholder, not a thumbnail. */
    public boolean placeholder() {
        return this == LQIP;
    }

    /** The concrete format of the file answered (PNG for {@link #LQIP}), empty for {@link #AUTO}. */
    public Optional<ImageFormat> concrete() {
        return Optional.ofNullable(format);
    }

    /** The lowercase URL token. */
    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Looks the parameter value up; {@code jpg} is accepted as a spelling of {@code jpeg}. */
    public static Optional<OutputFormat> fromToken(String token) {
        String t = token.toLowerCase(Locale.ROOT);
        if (t.equals("jpg")) {
            return Optional.of(JPEG);
        }
        for (OutputFormat f : values()) {
            if (f.token().equals(t)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
