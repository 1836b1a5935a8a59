package dev.thumbd.resizer.codec.gif;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.codec.BufferedImages;
import dev.thumbd.resizer.codec.Decoder;
import dev.thumbd.resizer.codec.ImageIoPlugins;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.spec.ImageFormat;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Node;

/**
 * GIF input, first frame only, with the JDK's GIF reader (chosen explicitly by class). There is no native GIF
 * decoder in thumbd: GIFs are rare as thumbnail sources and the JDK reader is adequate for one frame.
 *
 * <p>The first frame of an animation may cover only part of the logical screen; it is drawn at its position on a
 * transparent canvas of the logical screen size, which is the size the probe reported and the plan used. Frames
 * after the first are never decoded (the probe has already checked the frame count against the limits).
 */
public final class ImageIoGifDecoder implements Decoder {

    private static final String READER = "com.sun.imageio.plugins.gif.GIFImageReader";
    private static final String STREAM_FORMAT = "javax_imageio_gif_stream_1.0";
    private static final String IMAGE_FORMAT = "javax_imageio_gif_image_1.0";

    private final ImageReaderSpi provider = ImageIoPlugins.reader(READER);

    @Override
    public ImageFormat format() {
        return ImageFormat.GIF;
    }

    @Override
    public String implementation() {
        return "ImageIO JDK GIF reader " + Runtime.version().feature() + " (Java, first frame)";
    }

    @Override
    public boolean isNative() {
        return false;
    }

    @Override
    public PixelBuffer decode(byte[] source, int shrink, Scratch scratch) {
        ImageReader reader;
        try {
            reader = provider.createReaderInstance();
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the GIF reader", e);
        }
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(source))) {
            reader.setInput(in, false, false);
            BufferedImage frame = reader.read(0);
            BufferedImage canvas = onLogicalScreen(frame, reader.getStreamMetadata(), reader.getImageMetadata(0));
            return BufferedImages.toPixels(canvas, scratch, Scratch.Slot.DECODED);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ProblemException p) {
                throw p;
            }
            throw new ProblemException(ProblemType.CORRUPT_IMAGE, "The GIF image is broken or truncated", e);
        } finally {
            reader.dispose();
        }
    }

    private static BufferedImage onLogicalScreen(BufferedImage frame, IIOMetadata stream, IIOMetadata image) {
        Node screen = child(stream.getAsTree(STREAM_FORMAT), "LogicalScreenDescriptor");
        Node descriptor = child(image.getAsTree(IMAGE_FORMAT), "ImageDescriptor");
        if (screen == null || descriptor == null) {
            return frame;
        }
        int w = attribute(screen, "logicalScreenWidth", frame.getWidth());
        int h = attribute(screen, "logicalScreenHeight", frame.getHeight());
        int x = attribute(descriptor, "imageLeftPosition", 0);
        int y = attribute(descriptor, "imageTopPosition", 0);
        if (w <= 0 || h <= 0 || (w == frame.getWidth() && h == frame.getHeight() && x == 0 && y == 0)) {
            return frame;
        }
        BufferedImage canvas = new BufferedImage(w, h, BufferedImage.TYPE_4BYTE_ABGR);
        Graphics2D g = canvas.createGraphics();
        try {
            g.drawImage(frame, x, y, null);
        } finally {
            g.dispose();
        }
        return canvas;
    }

    private static @Nullable Node child(Node parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (name.equals(n.getNodeName())) {
                return n;
            }
        }
        return null;
    }

    private static int attribute(Node node, String name, int fallback) {
        Node a = node.getAttributes().getNamedItem(name);
        if (a == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(a.getNodeValue());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
