package dev.thumbd.resizer.codec.gif;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.codec.AnimationDecoder;
import dev.thumbd.resizer.codec.AnimationFrames;
import dev.thumbd.resizer.codec.ImageIoPlugins;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.spec.ImageFormat;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Node;

/**
 * Every frame of an animated GIF, composited as browsers show it: the JDK's GIF reader (chosen by class) decodes each
 * frame's own rectangle, which is drawn at its offset over the logical screen (transparent pixels leave the canvas as
 * it was), and the frame's disposal method is applied before the next one is drawn: {@code restoreToBackgroundColor}
 * clears its rectangle to transparent (as browsers do, rather than the background colour), {@code restoreToPrevious}
 * puts back the canvas from before it. The probe has checked that every rectangle lies on the screen.
 *
 * <p>Timing and looping follow browsers: a delay of 0 or 1 hundredths of a second is shown as 100 ms; without a
 * NETSCAPE2.0 extension the animation plays once, with one the loop count {@code n} (repetitions after the first
 * showing) becomes {@code n + 1} plays, and 0 stays forever.
 *
 * <p>Memory: the canvas (4 bytes a pixel), a saved copy of it for {@code restoreToPrevious}, one frame's raster as the
 * reader makes it, and the RGBA copy handed out in {@link Scratch.Slot#DECODED}.
 */
public final class GifAnimationDecoder implements AnimationDecoder {

    private static final String READER = "com.sun.imageio.plugins.gif.GIFImageReader";
    private static final String IMAGE_FORMAT = "javax_imageio_gif_image_1.0";
    private static final String STREAM_FORMAT = "javax_imageio_gif_stream_1.0";
    /** Browsers show frames of 0 or 10 ms for 100 ms. */
    static final int SHORT_DELAY_MS = 100;

    private final ImageReaderSpi provider = ImageIoPlugins.reader(READER);

    @Override
    public ImageFormat format() {
        return ImageFormat.GIF;
    }

    @Override
    public String implementation() {
        return "ImageIO JDK GIF reader " + Runtime.version().feature() + " (Java, frames composited)";
    }

    @Override
    public boolean isNative() {
        return false;
    }

    @Override
    public AnimationFrames open(byte[] source, Scratch scratch) {
        ImageReader reader;
        try {
            reader = provider.createReaderInstance();
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the GIF reader", e);
        }
        ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(source));
        try {
            reader.setInput(in, false, false);
            Node screen = child(reader.getStreamMetadata().getAsTree(STREAM_FORMAT), "LogicalScreenDescriptor");
            if (screen == null) {
                throw corrupt(new IllegalStateException("no logical screen descriptor"));
            }
            int w = attribute(screen, "logicalScreenWidth", 0);
            int h = attribute(screen, "logicalScreenHeight", 0);
            int count = reader.getNumImages(true);
            if (w < 1 || h < 1 || count < 1) {
                throw corrupt(new IllegalStateException("screen " + w + "x" + h + ", " + count + " frames"));
            }
            return new Frames(reader, in, w, h, count, loopCount(reader), scratch);
        } catch (IOException | RuntimeException e) {
            reader.dispose();
            close(in);
            if (e instanceof ProblemException p) {
                throw p;
            }
            throw corrupt(e);
        }
    }

    private static final class Frames implements AnimationFrames {
        private final ImageReader reader;
        private final ImageInputStream in;
        private final int width;
        private final int height;
        private final int count;
        private final int loops;
        private final Scratch scratch;
        private final BufferedImage canvas;
        private final byte[] abgr;
        private byte @Nullable [] saved;
        private int index;
        private int delay;
        /** What to do before the next frame: the last frame's disposal and rectangle. */
        private String disposal = "none";
        private int lastX;
        private int lastY;
        private int lastW;
        private int lastH;

        Frames(ImageReader reader, ImageInputStream in, int width, int height, int count, int loops,
                Scratch scratch) {
            this.reader = reader;
            this.in = in;
            this.width = width;
            this.height = height;
            this.count = count;
            this.loops = loops;
            this.scratch = scratch;
            this.canvas = new BufferedImage(width, height, BufferedImage.TYPE_4BYTE_ABGR);
            this.abgr = ((DataBufferByte) canvas.getRaster().getDataBuffer()).getData();
        }

        @Override
        public int width() {
            return width;
        }

        @Override
        public int height() {
            return height;
        }

        @Override
        public int frameCount() {
            return count;
        }

        @Override
        public int loopCount() {
            return loops;
        }

        @Override
        public PixelBuffer next() {
            if (index >= count) {
                throw corrupt(new IllegalStateException("no frame after " + count));
            }
            try {
                dispose();
                BufferedImage frame = reader.read(index);
                IIOMetadataNode meta = (IIOMetadataNode) reader.getImageMetadata(index).getAsTree(IMAGE_FORMAT);
                Node descriptor = child(meta, "ImageDescriptor");
                Node control = child(meta, "GraphicControlExtension");
                int x = descriptor == null ? 0 : attribute(descriptor, "imageLeftPosition", 0);
                int y = descriptor == null ? 0 : attribute(descriptor, "imageTopPosition", 0);
                String method = control == null ? "none" : text(control, "disposalMethod", "none");
                int hundredths = control == null ? 0 : attribute(control, "delayTime", 0);
                delay = hundredths <= 1 ? SHORT_DELAY_MS : hundredths * 10;
                if (method.equals("restoreToPrevious")) {
                    if (saved == null) {
                        saved = new byte[abgr.length];
                    }
                    System.arraycopy(abgr, 0, saved, 0, abgr.length);
                }
                Graphics2D g = canvas.createGraphics();
                try {
                    g.drawImage(frame, x, y, null);
                } finally {
                    g.dispose();
                }
                disposal = method;
                lastX = x;
                lastY = y;
                lastW = frame.getWidth();
                lastH = frame.getHeight();
                index++;
                return rgba();
            } catch (IOException | RuntimeException e) {
                if (e instanceof ProblemException p) {
                    throw p;
                }
                throw corrupt(e);
            }
        }

        /** Applies the previous frame's disposal to the canvas. */
        private void dispose() {
            switch (disposal) {
                case "restoreToBackgroundColor" -> {
                    int x1 = Math.min(width, lastX + lastW);
                    int y1 = Math.min(height, lastY + lastH);
                    for (int y = Math.max(0, lastY); y < y1; y++) {
                        java.util.Arrays.fill(abgr, (y * width + Math.max(0, lastX)) * 4, (y * width + x1) * 4,
                                (byte) 0);
                    }
                }
                case "restoreToPrevious" -> {
                    if (saved != null) {
                        System.arraycopy(saved, 0, abgr, 0, abgr.length);
                    }
                }
                default -> { }
            }
        }

        /** The canvas as straight RGBA in the decode slot. */
        private PixelBuffer rgba() {
            byte[] out = scratch.bytes(Scratch.Slot.DECODED, abgr.length);
            for (int i = 0; i < abgr.length; i += 4) {
                out[i] = abgr[i + 3];
                out[i + 1] = abgr[i + 2];
                out[i + 2] = abgr[i + 1];
                out[i + 3] = abgr[i];
            }
            return new PixelBuffer(out, width, height, PixelFormat.RGBA);
        }

        @Override
        public int delayMs() {
            return delay;
        }

        @Override
        public void close() {
            reader.dispose();
            GifAnimationDecoder.close(in);
        }
    }

    /** The NETSCAPE2.0 loop count as plays (0: forever); 1 without the extension. */
    private static int loopCount(ImageReader reader) throws IOException {
        Node app = child(reader.getImageMetadata(0).getAsTree(IMAGE_FORMAT), "ApplicationExtensions");
        for (Node n = app == null ? null : app.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof IIOMetadataNode e && "NETSCAPE".equals(e.getAttribute("applicationID"))
                    && e.getUserObject() instanceof byte[] data && data.length >= 3 && data[0] == 1) {
                int repeats = (data[1] & 0xFF) | (data[2] & 0xFF) << 8;
                return repeats == 0 ? 0 : Math.min(65535, repeats + 1);
            }
        }
        return 1;
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
        String v = text(node, name, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static @Nullable String text(Node node, String name, @Nullable String fallback) {
        Node a = node.getAttributes().getNamedItem(name);
        return a == null ? fallback : a.getNodeValue();
    }

    private static void close(ImageInputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // a memory stream: nothing to release
        }
    }

    private static ProblemException corrupt(Exception cause) {
        return new ProblemException(ProblemType.CORRUPT_IMAGE, "The GIF image is broken or truncated", cause);
    }
}
