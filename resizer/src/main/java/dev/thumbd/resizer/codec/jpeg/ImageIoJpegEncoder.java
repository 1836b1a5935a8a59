package dev.thumbd.resizer.codec.jpeg;

import dev.thumbd.resizer.codec.BufferedImages;
import dev.thumbd.resizer.codec.ChromaSubsampling;
import dev.thumbd.resizer.codec.EncodeOptions;
import dev.thumbd.resizer.codec.Encoder;
import dev.thumbd.resizer.codec.ImageIoPlugins;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.spec.ImageFormat;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.spi.ImageWriterSpi;
import org.w3c.dom.NodeList;

/**
 * Pure-Java JPEG encoding with the TwelveMonkeys JPEG writer (a thin wrapper over the JDK's libjpeg-6b port),
 * chosen explicitly by class.
 *
 * <p>Quality maps to {@link ImageWriteParam#setCompressionQuality} as {@code quality / 100}, which the JDK scales
 * with libjpeg's own quality formula, so a given quality gives tables close to TurboJPEG's. The JDK writes 4:2:0;
 * for 4:4:4 the sampling factors in the {@code javax_imageio_jpeg_image_1.0} metadata are set to 1. Alpha is
 * dropped (the pipeline flattens before encoding), grey is written as a one-component JPEG.
 */
public final class ImageIoJpegEncoder implements Encoder {

    private static final String WRITER = "com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageWriter";
    private static final String NATIVE_FORMAT = "javax_imageio_jpeg_image_1.0";

    private final ImageWriterSpi provider = ImageIoPlugins.writer(WRITER);

    @Override
    public ImageFormat format() {
        return ImageFormat.JPEG;
    }

    @Override
    public String implementation() {
        return "ImageIO " + provider.getVendorName() + " JPEG writer " + provider.getVersion() + " (Java)";
    }

    @Override
    public boolean isNative() {
        return false;
    }

    @Override
    public byte[] encode(PixelBuffer image, EncodeOptions options, Scratch scratch) {
        if (image.format() == PixelFormat.CMYK) {
            throw new IllegalArgumentException("cannot encode CMYK as JPEG");
        }
        IIOImage iio = new IIOImage(BufferedImages.wrap(image, true), null, null);
        return ImageIoPlugins.write(provider, iio, (writer, img) -> param(writer, img, options), "JPEG");
    }

    private static ImageWriteParam param(ImageWriter writer, IIOImage image, EncodeOptions options)
            throws IOException {
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(options.quality() / 100f);
        param.setProgressiveMode(options.progressive()
                ? ImageWriteParam.MODE_DEFAULT : ImageWriteParam.MODE_DISABLED);
        if (options.chroma() == ChromaSubsampling.S444 && image.getRenderedImage().getSampleModel().getNumBands() > 1) {
            IIOMetadata metadata = writer.getDefaultImageMetadata(
                    ImageTypeSpecifier.createFromRenderedImage(image.getRenderedImage()), param);
            IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(NATIVE_FORMAT);
            NodeList components = root.getElementsByTagName("componentSpec");
            for (int i = 0; i < components.getLength(); i++) {
                IIOMetadataNode component = (IIOMetadataNode) components.item(i);
                component.setAttribute("HsamplingFactor", "1");
                component.setAttribute("VsamplingFactor", "1");
            }
            metadata.setFromTree(NATIVE_FORMAT, root);
            image.setMetadata(metadata);
        }
        return param;
    }
}
