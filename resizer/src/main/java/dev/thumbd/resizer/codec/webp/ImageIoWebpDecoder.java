package dev.thumbd.resizer.codec.webp;

import dev.thumbd.resizer.codec.Decoder;
import dev.thumbd.resizer.codec.ImageIoPlugins;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.spec.ImageFormat;
import javax.imageio.ImageReader;
import javax.imageio.spi.ImageReaderSpi;

/**
 * Pure-Java WebP decoding with the TwelveMonkeys reader, chosen by class: never a registry lookup, because the
 * WebP writer library on the classpath also registers a reader that runs its own bundled libwebp, and untrusted
 * input must not reach a bundled native library. First frame of animations; full size ({@code shrink} ignored).
 */
public final class ImageIoWebpDecoder implements Decoder {

    private static final String READER = "com.twelvemonkeys.imageio.plugins.webp.WebPImageReader";

    private final ImageReaderSpi provider = ImageIoPlugins.reader(READER);

    @Override
    public ImageFormat format() {
        return ImageFormat.WEBP;
    }

    @Override
    public String implementation() {
        return "ImageIO TwelveMonkeys WebP reader " + provider.getVersion() + " (Java)";
    }

    @Override
    public boolean isNative() {
        return false;
    }

    @Override
    public PixelBuffer decode(byte[] source, int shrink, Scratch scratch) {
        return ImageIoPlugins.read(provider, source, "WebP", warning -> false, ImageReader::getDefaultReadParam,
                scratch, Scratch.Slot.DECODED);
    }
}
