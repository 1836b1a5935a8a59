package dev.thumbd.spec;

import java.util.Locale;
import java.util.Optional;

/** An encoded image format that thumbd recognises, with its media type and file extension. */
public enum ImageFormat {
    JPEG("image/jpeg", "jpg", true),
    PNG("image/png", "png", true),
    WEBP("image/webp", "webp", true),
    AVIF("image/avif", "avif", true),
    /** Recognised as input (first frame only); never produced. */
    GIF("image/gif", "gif", false),
    /** HEIC / HEIF (HEVC in ISOBMFF, the phone camera format): recognised as input (primary image only); never produced. */
    HEIC("image/heic", "heic", false),
    /** Recognised as input (first page only); never produced. */
    TIFF("image/tiff", "tiff", false),
    /** Recognised as input; never produced. */
    BMP("image/bmp", "bmp", false);

    private final String mediaType;
    private final String extension;
    private final boolean output;

    ImageFormat(String mediaType, String extension, boolean output) {
        this.mediaType = mediaType;
        this.extension = extension;
        this.output = output;
    }

    /** The IANA media type, for {@code Content-Type}. */
    public String mediaType() {
        return mediaType;
    }

    /** The usual file extension, without a dot. */
    public String extension() {
        return extension;
    }

    /** Whether thumbd can produce this format. */
    public boolean isOutput() {
        return output;
    }

    /** The lowercase name used in URLs and on the command line ({@code jpeg}, {@code webp}, ...). */
    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Looks a format up by its URL token; {@code jpg} is accepted as a spelling of {@code jpeg}. */
    public static Optional<ImageFormat> fromToken(String token) {
        String t = token.toLowerCase(Locale.ROOT);
        if (t.equals("jpg")) {
            return Optional.of(JPEG);
        }
        for (ImageFormat f : values()) {
            if (f.token().equals(t)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
