package dev.thumbd.resizer.codec;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.spec.ImageFormat;

/**
 * Turns pixels into the encoded bytes of one format. Implementations are stateless and thread-safe; working memory
 * comes from the caller's {@link Scratch}. Output carries no metadata (EXIF, XMP, ICC are stripped: pixels are
 * sRGB by the time they get here).
 */
public interface Encoder {

    /** The format this encoder writes. */
    ImageFormat format();

    /** Who does the work, with the library version, for the startup log. */
    String implementation();

    /** Whether a native library does the work. */
    boolean isNative();

    /**
     * Encodes {@code image}, which is GRAY, GRAY_ALPHA, RGB or RGBA with straight alpha.
     *
     * @return the encoded file, exactly as long as it is
     * @throws ProblemException {@code FORMAT_UNAVAILABLE} if the library refuses at run time
     */
    byte[] encode(PixelBuffer image, EncodeOptions options, Scratch scratch);
}
