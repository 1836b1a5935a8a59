package dev.thumbd.resizer.codec;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.Scratch;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import javax.imageio.IIOImage;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.spi.ImageWriterSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The ImageIO plumbing the pure-Java fallback codecs share: picking a plugin by its class (never "whichever the
 * registry lists first", which depends on the classpath), a strict read, and a write to an exact-length array.
 *
 * <p>Design note: ImageIO readers report a truncated or damaged stream through warnings and then hand back an image
 * padded with grey. A fallback must be as strict as the native path, so {@link #read} fails with
 * {@code CORRUPT_IMAGE} on any warning the caller does not declare harmless (TwelveMonkeys, for one, warns about
 * ICC profiles it ignores, which says nothing about the pixels), and maps every reader exception (ImageIO plugins throw
 * {@code IIOException}, but also {@code IndexOutOfBoundsException} and friends on hostile input) to the same
 * problem, with the exception kept as the cause for the logs.
 */
public final class ImageIoPlugins {

    private ImageIoPlugins() {
    }

    /** The registered reader provider whose plugin class is {@code pluginClassName}. */
    public static ImageReaderSpi reader(String pluginClassName) {
        return only(IIORegistry.getDefaultInstance().getServiceProviders(ImageReaderSpi.class,
                spi -> pluginClassName.equals(((ImageReaderSpi) spi).getPluginClassName()), false), pluginClassName);
    }

    /**
     * The registered reader provider of class {@code spiClassName}, for plugins whose reader class serves several
     * providers (TwelveMonkeys' TIFF reader reads both TIFF and BigTIFF).
     */
    public static ImageReaderSpi readerProvider(String spiClassName) {
        return only(IIORegistry.getDefaultInstance().getServiceProviders(ImageReaderSpi.class,
                spi -> spiClassName.equals(spi.getClass().getName()), false), spiClassName);
    }

    /** The registered writer provider whose plugin class is {@code pluginClassName}. */
    public static ImageWriterSpi writer(String pluginClassName) {
        return only(IIORegistry.getDefaultInstance().getServiceProviders(ImageWriterSpi.class,
                spi -> pluginClassName.equals(((ImageWriterSpi) spi).getPluginClassName()), false), pluginClassName);
    }

    private static <T> T only(Iterator<T> providers, String pluginClassName) {
        List<T> found = new ArrayList<>();
        providers.forEachRemaining(found::add);
        if (found.size() != 1) {
            throw new IllegalStateException(found.size() + " ImageIO providers for " + pluginClassName);
        }
        return found.getFirst();
    }

    /**
     * Reads the first image of {@code source} with a fresh reader from {@code provider}, strictly (see the class
     * note), into {@code slot} via {@link BufferedImages#toPixels}.
     *
     * @param what     the format's name for the public detail, e.g. {@code "JPEG"}
     * @param harmless reader warnings that do not mean damaged pixels
     * @param params   the read parameters for the reader, once its input is set
     */
    public static PixelBuffer read(ImageReaderSpi provider, byte[] source, String what, Predicate<String> harmless,
                                   ReadParams params, Scratch scratch, Scratch.Slot slot) {
        ImageReader reader;
        try {
            reader = provider.createReaderInstance();
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + provider.getPluginClassName(), e);
        }
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((r, warning) -> {
            if (!harmless.test(warning)) {
                warnings.add(warning);
            }
        });
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(source))) {
            reader.setInput(in, true, true);
            BufferedImage image = reader.read(0, params.create(reader));
            if (!warnings.isEmpty()) {
                throw new IOException("reader warning: " + String.join("; ", warnings));
            }
            return BufferedImages.toPixels(image, scratch, slot);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ProblemException problem) {
                throw problem;
            }
            throw new ProblemException(ProblemType.CORRUPT_IMAGE,
                    "The " + what + " image is broken or truncated", e);
        } finally {
            reader.dispose();
        }
    }

    /**
     * Writes {@code image} with a fresh writer from {@code provider} and {@code param} (null for the writer's
     * defaults, otherwise made by {@code paramFactory} from the writer).
     *
     * @throws ProblemException {@code FORMAT_UNAVAILABLE} if the writer fails
     */
    public static byte[] write(ImageWriterSpi provider, IIOImage image, ParamFactory paramFactory, String what) {
        ImageWriter writer;
        try {
            writer = provider.createWriterInstance();
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + provider.getPluginClassName(), e);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, image, paramFactory.create(writer, image));
        } catch (IOException e) {
            throw new ProblemException(ProblemType.FORMAT_UNAVAILABLE, what + " encoding failed", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** Makes the read parameters for one read, e.g. to choose the destination type. */
    @FunctionalInterface
    public interface ReadParams {
        ImageReadParam create(ImageReader reader) throws IOException;
    }

    /** Makes the write parameters for one write; may also set the image's metadata. */
    @FunctionalInterface
    public interface ParamFactory {
        ImageWriteParam create(ImageWriter writer, IIOImage image) throws IOException;
    }
}
