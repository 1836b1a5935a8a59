package dev.thumbd.resizer.codec.webp;

import dev.thumbd.resizer.codec.BufferedImages;
import dev.thumbd.resizer.codec.EncodeOptions;
import dev.thumbd.resizer.codec.Encoder;
import dev.thumbd.resizer.codec.RgbInput;
import dev.thumbd.resizer.codec.ImageIoPlugins;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.spec.ImageFormat;
import javax.imageio.IIOImage;
import javax.imageio.ImageWriteParam;
import javax.imageio.spi.ImageWriterSpi;

/**
 * WebP encoding without a system libwebp, through {@code com.github.usefulness:webp-imageio}'s writer, chosen by
 * class. That library bundles its own libwebp (1.6.0); it only ever encodes pixels thumbd made, never decodes
 * untrusted input. Lossy, quality as given, method = effort.
 */
public final class ImageIoWebpEncoder implements Encoder {

    /**
     * Instantiated directly: this provider reports the reader's class as its plugin class, so a lookup by plugin
     * class name cannot find it.
     */
    private final ImageWriterSpi provider = new com.luciad.imageio.webp.WebPImageWriterSpi();

    @Override
    public ImageFormat format() {
        return ImageFormat.WEBP;
    }

    @Override
    public String implementation() {
        return "ImageIO webp-imageio writer (bundled libwebp, JNI)";
    }

    @Override
    public boolean isNative() {
        return false;
    }

    @Override
    public byte[] encode(PixelBuffer image, EncodeOptions options, Scratch scratch) {
        PixelBuffer rgb = RgbInput.of(image, scratch);
        IIOImage iio = new IIOImage(BufferedImages.wrap(rgb, false), null, null);
        return ImageIoPlugins.write(provider, iio, (writer, img) -> {
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionType(p.getCompressionTypes()[0]);
            p.setCompressionQuality(options.quality() / 100f);
            return p;
        }, "WebP");
    }
}
