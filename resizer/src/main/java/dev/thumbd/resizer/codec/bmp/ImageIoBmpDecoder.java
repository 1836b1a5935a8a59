package dev.thumbd.resizer.codec.bmp;

import dev.thumbd.resizer.codec.Decoder;
import dev.thumbd.resizer.codec.ImageIoPlugins;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.spec.ImageFormat;
import javax.imageio.ImageReader;
import javax.imageio.spi.ImageReaderSpi;

/** BMP decoding with the JDK's BMP reader (chosen by class), at full size. */
public final class ImageIoBmpDecoder implements Decoder {

    private static final String READER = "com.sun.imageio.plugins.bmp.BMPImageReader";

    private final ImageReaderSpi provider = ImageIoPlugins.reader(READER);

    @Override
    public ImageFormat format() {
        return ImageFormat.BMP;
    }

    @Override
    public String implementation() {
        return "ImageIO JDK BMP reader " + Runtime.version().feature() + " (Java)";
    }

    @Override
    public boolean isNative() {
        return false;
    }

    @Override
    public PixelBuffer decode(byte[] source, int shrink, Scratch scratch) {
        return ImageIoPlugins.read(provider, source, "BMP", warning -> false, ImageReader::getDefaultReadParam,
                scratch, Scratch.Slot.DECODED);
    }
}
