package dev.thumbd.spec;

import java.util.Locale;
import java.util.Optional;

/** The {@code fmt} parameter: a concrete output format, or {@code auto} to negotiate one from {@code Accept}. */
public enum OutputFormat {
    AUTO(null),
    JPEG(ImageFormat.JPEG),
    PNG(ImageFormat.PNG),
    WEBP(ImageFormat.WEBP),
    AVIF(ImageFormat.AVIF);

    private final ImageFormat format;

    OutputFormat(ImageFormat format) {
        this.format = format;
    }

    /** The concrete format, empty for {@link #AUTO}. */
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
