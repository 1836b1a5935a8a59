package dev.thumbd.resizer.codec.png;

import dev.thumbd.resizer.codec.BufferedImages;
import dev.thumbd.resizer.codec.EncodeOptions;
import dev.thumbd.resizer.codec.Encoder;
import dev.thumbd.resizer.codec.ImageIoPlugins;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.spec.ImageFormat;
import javax.imageio.IIOImage;
import javax.imageio.ImageWriteParam;
import javax.imageio.spi.ImageWriterSpi;

/**
 * Pure-Java PNG encoding with the JDK's PNG writer (chosen explicitly by class).
 *
 * <p>Unlike libpng's simplified API, the JDK writer takes a zlib level: {@link EncodeOptions#effort()} (capped at
 * 9) is the deflate level. The JDK's {@code PNGImageWriter} maps an explicit compression quality {@code q} to
 * level {@code 9 - round(9 * q)}, so the level is passed as {@code q = (9 - level) / 9}. {@code progressive}
 * selects Adam7 interlacing, which the writer supports; {@code quality} is ignored.
 */
public final class ImageIoPngEncoder implements Encoder {

    private static final String WRITER = "com.sun.imageio.plugins.png.PNGImageWriter";
    private static final int MAX_LEVEL = 9;

    private final ImageWriterSpi provider = ImageIoPlugins.writer(WRITER);

    @Override
    public ImageFormat format() {
        return ImageFormat.PNG;
    }

    @Override
    public String implementation() {
        return "ImageIO JDK PNG writer " + Runtime.version().feature() + " (Java)";
    }

    @Override
    public boolean isNative() {
        return false;
    }

    @Override
    public byte[] encode(PixelBuffer image, EncodeOptions options, Scratch scratch) {
        if (image.format() == PixelFormat.CMYK) {
            throw new IllegalArgumentException("PNG has no CMYK");
        }
        IIOImage iio = new IIOImage(BufferedImages.wrap(image, false), null, null);
        int level = Math.min(options.effort(), MAX_LEVEL);
        return ImageIoPlugins.write(provider, iio, (writer, img) -> {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality((MAX_LEVEL - level) / (float) MAX_LEVEL);
            param.setProgressiveMode(options.progressive()
                    ? ImageWriteParam.MODE_DEFAULT : ImageWriteParam.MODE_DISABLED);
            return param;
        }, "PNG");
    }
}
