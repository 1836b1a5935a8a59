package dev.thumbd.resizer.codec.jpeg;

import dev.thumbd.resizer.codec.Decoder;
import dev.thumbd.resizer.codec.ImageIoPlugins;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.spec.ImageFormat;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.spi.ImageReaderSpi;

/**
 * Pure-Java JPEG decoding with the TwelveMonkeys JPEG reader, for hosts without libturbojpeg.
 *
 * <p>The TwelveMonkeys reader (chosen explicitly by class) wraps the JDK's and adds CMYK/YCCK, Adobe inversion and
 * embedded ICC profiles: CMYK files come out as RGB already converted through their profile (or a generic CMYK
 * profile), so this decoder never returns {@code CMYK}. RGB files come out as stored, like the native decoder's
 * output, even when they embed a profile (see {@link #rawSamples}). It always decodes at full size and ignores {@code
 * shrink}: ImageIO's source subsampling drops pixels instead of averaging them, which aliases, and saves little time
 * (about 25% at 1/4, see the codec benchmarks); the resize kernel does the reduction properly instead. Strict like the
 * native decoder: any reader warning but a colour-profile notice is {@code CORRUPT_IMAGE}.
 */
public final class ImageIoJpegDecoder implements Decoder {

    private static final String READER = "com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReader";

    private final ImageReaderSpi provider = ImageIoPlugins.reader(READER);

    @Override
    public ImageFormat format() {
        return ImageFormat.JPEG;
    }

    @Override
    public String implementation() {
        return "ImageIO " + provider.getVendorName() + " JPEG reader " + provider.getVersion() + " (Java)";
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
        return ImageIoPlugins.read(provider, source, "JPEG", ImageIoJpegDecoder::harmless,
                ImageIoJpegDecoder::rawSamples, scratch,
                Scratch.Slot.DECODED);
    }

    /**
     * Asks for the samples as stored when an RGB JPEG embeds a non-sRGB profile: by default the reader converts
     * them to sRGB through the profile, but the native decoder does not, and the colour step converts both
     * alike. The reader offers the unconverted layout as an image type tagged with the embedded profile.
     */
    private static ImageReadParam rawSamples(ImageReader reader) throws IOException {
        ImageReadParam param = reader.getDefaultReadParam();
        Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
        while (types.hasNext()) {
            ImageTypeSpecifier type = types.next();
            ColorSpace space = type.getColorModel().getColorSpace();
            if (type.getBufferedImageType() == BufferedImage.TYPE_3BYTE_BGR
                    && space.getType() == ColorSpace.TYPE_RGB && !space.isCS_sRGB()) {
                param.setDestinationType(type);
                break;
            }
        }
        return param;
    }

    /** Warnings about colour profiles (ignored, invalid, absent for CMYK) say nothing about damaged pixels. */
    private static boolean harmless(String warning) {
        return warning.contains("ICC") || warning.contains("profile");
    }
}
