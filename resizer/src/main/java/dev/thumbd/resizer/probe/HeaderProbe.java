package dev.thumbd.resizer.probe;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.spec.ImageFormat;
import java.util.Locale;

/**
 * Reads what an encoded image is from its first bytes and header, and refuses it before any pixel is decoded if it
 * is over the limits. The format is decided by magic bytes only, never by a file name or a declared content type.
 *
 * <p>Failures: {@code SOURCE_TOO_LARGE} (413) for too many bytes, {@code UNSUPPORTED_FORMAT} (415) for anything
 * that is not JPEG, PNG, WebP, AVIF, GIF, HEIC, TIFF or BMP, {@code CORRUPT_IMAGE} (422) for a header that is truncated or
 * inconsistent, {@code IMAGE_TOO_LARGE} (422) for dimensions or frame counts over the limits. Every length read
 * from the file is checked against the data, and pixel counts are computed in 64 bits.
 */
public final class HeaderProbe {

    private HeaderProbe() {
    }

    /**
     * The largest frame, tile or item {@code source} declares, in pixels ({@link ImageHeader#framePixels}): what a
     * decoder is held to, so that a file whose coded size is larger than its header says is refused by the decoder
     * before it allocates, not priced as the small image its header claims.
     */
    public static long declaredFramePixels(byte[] source) {
        return read(source).framePixels();
    }

    public static ImageHeader probe(byte[] source, ProbeLimits limits) {
        if (source.length > limits.maxSourceBytes()) {
            throw new ProblemException(ProblemType.SOURCE_TOO_LARGE, String.format(Locale.ROOT,
                    "source is %,d bytes; the limit is %,d (thumbd.limits.max-source-size)", source.length, limits.maxSourceBytes()));
        }
        ImageHeader h = read(source);
        check(h, limits);
        return h;
    }

    private static ImageHeader read(byte[] source) {
        return switch (sniff(source)) {
            case JPEG -> JpegHeader.read(source);
            case PNG -> PngHeader.read(source);
            case WEBP -> WebpHeader.read(source);
            case AVIF -> HeifHeader.readAvif(source);
            case GIF -> GifHeader.read(source);
            case HEIC -> HeifHeader.readHeic(source);
            case TIFF -> TiffHeader.read(source);
            case BMP -> BmpHeader.read(source);
        };
    }

    /** The format by magic bytes. */
    public static ImageFormat sniff(byte[] s) {
        if (s.length >= 3 && (s[0] & 0xFF) == 0xFF && (s[1] & 0xFF) == 0xD8 && (s[2] & 0xFF) == 0xFF) {
            return ImageFormat.JPEG;
        }
        if (startsWith(s, 0, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})) {
            return ImageFormat.PNG;
        }
        if (ascii(s, 0, "RIFF") && ascii(s, 8, "WEBP") && s.length >= 20) {
            return ImageFormat.WEBP;
        }
        if (ascii(s, 0, "GIF87a") || ascii(s, 0, "GIF89a")) {
            return ImageFormat.GIF;
        }
        if (hasBrand(s, "avif", "avis")) {
            return ImageFormat.AVIF;
        }
        if (hasBrand(s, HEIF_BRANDS)) {
            return ImageFormat.HEIC;
        }
        if (ascii(s, 0, "II*\0") || ascii(s, 0, "MM\0*")) {
            return ImageFormat.TIFF;
        }
        if (ascii(s, 0, "BM") && s.length >= 26) {
            return ImageFormat.BMP;
        }
        throw new ProblemException(ProblemType.UNSUPPORTED_FORMAT,
                "not a JPEG, PNG, WebP, AVIF, GIF, HEIC, TIFF or BMP image" + describe(s));
    }

    /**
     * The ftyp brands of HEIF files that are not AVIF (checked first): HEVC stills and sequences, their
     * extensions, and the generic image brands (libheif decides by the primary item's type).
     */
    private static final String[] HEIF_BRANDS =
            {"heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs", "mif1", "msf1"};

    /** An ISOBMFF {@code ftyp} box whose major or a compatible brand is one of {@code brands}. */
    private static boolean hasBrand(byte[] s, String... brands) {
        if (!ascii(s, 4, "ftyp") || s.length < 16) {
            return false;
        }
        long size = ((long) (s[0] & 0xFF) << 24) | (s[1] & 0xFF) << 16 | (s[2] & 0xFF) << 8 | (s[3] & 0xFF);
        long end = Math.min(size, s.length);
        for (int at = 8; at + 4 <= end; at += 4) {
            if (at == 12) {
                continue; // minor version
            }
            for (String brand : brands) {
                if (ascii(s, at, brand)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void check(ImageHeader h, ProbeLimits limits) {
        if (h.pixels() > limits.maxPixels()) {
            throw new ProblemException(ProblemType.IMAGE_TOO_LARGE, String.format(Locale.ROOT,
                    "image is %dx%d = %.1f MP; the limit is %.1f MP (thumbd.limits.max-pixels)", h.width(), h.height(), h.pixels() / 1e6,
                    limits.maxPixels() / 1e6));
        }
        if (h.framePixels() > limits.maxPixels()) {
            throw new ProblemException(ProblemType.IMAGE_TOO_LARGE, String.format(Locale.ROOT,
                    "image declares a frame or item of %.1f MP inside its %dx%d; the limit is %.1f MP (thumbd.limits.max-pixels)",
                    h.framePixels() / 1e6, h.width(), h.height(), limits.maxPixels() / 1e6));
        }
        if (h.frames() > limits.maxFrames()) {
            throw new ProblemException(ProblemType.IMAGE_TOO_LARGE, String.format(Locale.ROOT,
                    "image has %d frames; the limit is %d (thumbd.limits.max-frames)", h.frames(), limits.maxFrames()));
        }
        if (h.frames() * h.framePixels() > limits.maxAnimationPixels()) {
            throw new ProblemException(ProblemType.IMAGE_TOO_LARGE, String.format(Locale.ROOT,
                    "animation is %d frames of %dx%d = %.1f MP over all frames; the limit is %.1f MP "
                            + "(thumbd.limits.max-animation-pixels)", h.frames(), h.width(), h.height(),
                    h.frames() * h.framePixels() / 1e6, limits.maxAnimationPixels() / 1e6));
        }
    }

    private static boolean ascii(byte[] s, int at, String text) {
        if (s.length < at + text.length()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (s[at + i] != (byte) text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] s, int at, byte[] magic) {
        if (s.length < at + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (s[at + i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /** A short, safe description of the first bytes, for the problem detail. */
    private static String describe(byte[] s) {
        if (s.length == 0) {
            return " (the source is empty)";
        }
        StringBuilder out = new StringBuilder(" (starts with '");
        for (int i = 0; i < Math.min(8, s.length); i++) {
            int c = s[i] & 0xFF;
            out.append(c >= 0x20 && c < 0x7F && c != '\'' && c != '\\' ? (char) c : '.');
        }
        return out.append("')").toString();
    }
}
