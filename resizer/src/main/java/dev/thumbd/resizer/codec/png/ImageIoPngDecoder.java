package dev.thumbd.resizer.codec.png;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.codec.Decoder;
import dev.thumbd.resizer.codec.ImageIoPlugins;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.spec.ImageFormat;
import javax.imageio.ImageReader;
import javax.imageio.spi.ImageReaderSpi;

/**
 * Pure-Java PNG decoding with the JDK's PNG reader (chosen explicitly by class), for hosts without libpng.
 *
 * <p>Same layouts as {@link LibPngDecoder} (palettes to RGB/RGBA, or GRAY for grey palettes; 16-bit rounded to 8),
 * with one difference: the JDK reader ignores gAMA, so samples are taken as stored rather than converted to sRGB.
 * Chunk CRCs are checked first ({@link PngChunks}), since the JDK reader ignores them. Always full size ({@code
 * shrink} is ignored; PNG has no shrink-on-load and ImageIO subsampling aliases). Strict: any reader warning or
 * exception is {@code CORRUPT_IMAGE}.
 */
public final class ImageIoPngDecoder implements Decoder {

    private static final String READER = "com.sun.imageio.plugins.png.PNGImageReader";

    private final ImageReaderSpi provider = ImageIoPlugins.reader(READER);

    @Override
    public ImageFormat format() {
        return ImageFormat.PNG;
    }

    @Override
    public String implementation() {
        return "ImageIO JDK PNG reader " + Runtime.version().feature() + " (Java)";
    }

    @Override
    public boolean isNative() {
        return false;
    }

    @Override
    public PixelBuffer decode(byte[] source, int shrink, Scratch scratch) {
        if (shrink < 1) {
            throw new IllegalArgumentException("shrink must be >= 1 but was " + shrink);
        }
        if (!PngChunks.crcsMatch(source)) {
            throw new ProblemException(ProblemType.CORRUPT_IMAGE, "The PNG image is broken or truncated",
                    new IllegalStateException("PNG chunk CRC mismatch"));
        }
        return ImageIoPlugins.read(provider, source, "PNG", warning -> false,
                ImageReader::getDefaultReadParam, scratch, Scratch.Slot.DECODED);
    }
}
