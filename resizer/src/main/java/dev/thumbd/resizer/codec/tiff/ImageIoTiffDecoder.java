package dev.thumbd.resizer.codec.tiff;

import dev.thumbd.resizer.codec.Decoder;
import dev.thumbd.resizer.codec.ImageIoPlugins;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.spec.ImageFormat;
import javax.imageio.ImageReader;
import javax.imageio.spi.ImageReaderSpi;

/**
 * TIFF decoding with the TwelveMonkeys reader (chosen by class, not the JDK's own TIFF reader), first page only, at
 * full size. Separated (CMYK) pages come out as CMYK samples, which the colour step converts with the page's ICC
 * profile (or the naive formula) like a CMYK JPEG; 16-bit samples are rounded to 8 bits. The probe has bounded the
 * page, its strips or tiles and the number of pages before this runs.
 */
public final class ImageIoTiffDecoder implements Decoder {

    /** The provider of classic TIFF (its reader class also serves BigTIFF, which thumbd does not sniff). */
    private static final String PROVIDER = "com.twelvemonkeys.imageio.plugins.tiff.TIFFImageReaderSpi";

    private final ImageReaderSpi provider = ImageIoPlugins.readerProvider(PROVIDER);

    @Override
    public ImageFormat format() {
        return ImageFormat.TIFF;
    }

    @Override
    public String implementation() {
        return "ImageIO TwelveMonkeys TIFF reader " + provider.getVersion() + " (Java, first page)";
    }

    @Override
    public boolean isNative() {
        return false;
    }

    @Override
    public PixelBuffer decode(byte[] source, int shrink, Scratch scratch) {
        return ImageIoPlugins.read(provider, source, "TIFF", ImageIoTiffDecoder::harmless,
                ImageReader::getDefaultReadParam, scratch, Scratch.Slot.DECODED);
    }

    /**
     * Warnings about the page's ICC profile (which the reader may not link for its colour model) say nothing about
     * the samples; the colour step converts with the profile from the header.
     */
    private static boolean harmless(String warning) {
        return warning.contains("ICC") || warning.contains("profile");
    }
}
