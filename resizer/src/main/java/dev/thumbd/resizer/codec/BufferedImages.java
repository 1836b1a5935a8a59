package dev.thumbd.resizer.codec;

import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.image.Scratch;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.awt.image.WritableRaster;

/**
 * Conversions between {@link BufferedImage} (what the ImageIO fallbacks read and write) and {@link PixelBuffer}.
 *
 * <p>Design note: pixels move through rasters, never through {@code BufferedImage.getRGB} (a colour-model call per
 * pixel, ten times slower and always 8-bit ARGB). The common layouts (interleaved bytes: {@code TYPE_3BYTE_BGR},
 * {@code TYPE_4BYTE_ABGR}, {@code TYPE_BYTE_GRAY}, the PNG reader's custom byte layouts) are copied straight from the
 * data buffer; anything else (16-bit samples, packed ints) goes row by row through {@link Raster#getPixels}, and
 * palettes through a 256-entry table. Samples are taken as stored: no colour conversion happens here. Going the
 * other way, {@link #wrap} puts a {@code BufferedImage} over the pixel array itself, without a copy.
 */
public final class BufferedImages {

    private BufferedImages() {
    }

    /**
     * The pixels of {@code image} as an 8-bit buffer in {@code slot}: grey, grey+alpha, RGB, RGBA or CMYK after the
     * image's colour model. Palettes become RGB or RGBA (GRAY if every entry is grey); premultiplied alpha is
     * divided out; deeper samples are rounded to 8 bits.
     *
     * @throws IllegalArgumentException for colour models with another number of components
     */
    public static PixelBuffer toPixels(BufferedImage image, Scratch scratch, Scratch.Slot slot) {
        if (image.isAlphaPremultiplied()) {
            image.coerceData(false);
        }
        ColorModel model = image.getColorModel();
        if (model instanceof IndexColorModel palette) {
            return fromPalette(image.getRaster(), palette, scratch, slot);
        }
        PixelFormat format = formatOf(model);
        int width = image.getWidth();
        int height = image.getHeight();
        byte[] out = scratch.bytes(slot, Math.multiplyExact(Math.multiplyExact(width, height), format.channels()));
        Raster raster = image.getRaster();
        if (!copyInterleavedBytes(raster, format.channels(), out)) {
            copySamples(raster, format.channels(), out);
        }
        return new PixelBuffer(out, width, height, format);
    }

    private static PixelFormat formatOf(ColorModel model) {
        int colours = model.getNumColorComponents();
        boolean alpha = model.hasAlpha();
        return switch (colours) {
            case 1 -> alpha ? PixelFormat.GRAY_ALPHA : PixelFormat.GRAY;
            case 3 -> alpha ? PixelFormat.RGBA : PixelFormat.RGB;
            case 4 -> {
                if (alpha || model.getColorSpace().getType() != ColorSpace.TYPE_CMYK) {
                    throw new IllegalArgumentException("unsupported colour model " + model);
                }
                yield PixelFormat.CMYK;
            }
            default -> throw new IllegalArgumentException("unsupported colour model " + model);
        };
    }

    /** Fast path: one byte per sample, interleaved in one bank. Returns false if the raster is laid out otherwise. */
    private static boolean copyInterleavedBytes(Raster raster, int channels, byte[] out) {
        SampleModel sm = raster.getSampleModel();
        if (!(sm instanceof PixelInterleavedSampleModel interleaved)
                || !(raster.getDataBuffer() instanceof DataBufferByte bytes)
                || bytes.getNumBanks() != 1 || sm.getNumBands() != channels
                || raster.getSampleModelTranslateX() != 0 || raster.getSampleModelTranslateY() != 0) {
            return false;
        }
        for (int bits : sm.getSampleSize()) {
            if (bits != 8) {
                return false;
            }
        }
        byte[] data = bytes.getData();
        int base = bytes.getOffset();
        int pixelStride = interleaved.getPixelStride();
        int scanline = interleaved.getScanlineStride();
        int[] offsets = interleaved.getBandOffsets();
        int width = raster.getWidth();
        int height = raster.getHeight();
        boolean straight = pixelStride == channels && isIdentity(offsets);
        int o = 0;
        for (int y = 0; y < height; y++) {
            int row = base + y * scanline;
            if (straight) {
                System.arraycopy(data, row, out, o, width * channels);
                o += width * channels;
                continue;
            }
            for (int x = 0; x < width; x++) {
                int p = row + x * pixelStride;
                for (int b = 0; b < channels; b++) {
                    out[o++] = data[p + offsets[b]];
                }
            }
        }
        return true;
    }

    private static boolean isIdentity(int[] offsets) {
        for (int i = 0; i < offsets.length; i++) {
            if (offsets[i] != i) {
                return false;
            }
        }
        return true;
    }

    /** General path: row by row through {@code getPixels}, rounding each band to 8 bits. */
    private static void copySamples(Raster raster, int channels, byte[] out) {
        int width = raster.getWidth();
        int height = raster.getHeight();
        int[] sizes = raster.getSampleModel().getSampleSize();
        int[] row = new int[width * channels];
        int o = 0;
        for (int y = 0; y < height; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, width, 1, row);
            for (int i = 0; i < row.length; i++) {
                out[o++] = (byte) to8Bit(row[i], sizes[i % channels]);
            }
        }
    }

    private static int to8Bit(int sample, int bits) {
        if (bits == 8) {
            return sample;
        }
        long max = (1L << bits) - 1;
        return (int) ((sample * 255L + max / 2) / max);
    }

    private static PixelBuffer fromPalette(WritableRaster raster, IndexColorModel palette, Scratch scratch,
                                           Scratch.Slot slot) {
        int entries = palette.getMapSize();
        int[] argb = new int[Math.max(entries, 256)];
        palette.getRGBs(argb);
        boolean grey = true;
        for (int i = 0; i < entries; i++) {
            int c = argb[i];
            grey &= ((c >> 16) & 0xFF) == (c & 0xFF) && ((c >> 8) & 0xFF) == (c & 0xFF);
        }
        boolean alpha = palette.hasAlpha();
        PixelFormat format = grey ? (alpha ? PixelFormat.GRAY_ALPHA : PixelFormat.GRAY)
                : (alpha ? PixelFormat.RGBA : PixelFormat.RGB);
        int width = raster.getWidth();
        int height = raster.getHeight();
        int channels = format.channels();
        byte[] out = scratch.bytes(slot, Math.multiplyExact(Math.multiplyExact(width, height), channels));
        int[] indices = new int[width];
        int o = 0;
        for (int y = 0; y < height; y++) {
            raster.getSamples(raster.getMinX(), raster.getMinY() + y, width, 1, 0, indices);
            for (int x = 0; x < width; x++) {
                int c = argb[indices[x] & 0xFF];
                if (grey) {
                    out[o++] = (byte) c;
                } else {
                    out[o++] = (byte) (c >> 16);
                    out[o++] = (byte) (c >> 8);
                    out[o++] = (byte) c;
                }
                if (alpha) {
                    out[o++] = (byte) (c >>> 24);
                }
            }
        }
        return new PixelBuffer(out, width, height, format);
    }

    /**
     * A {@code BufferedImage} sharing {@code pixels}' array (no copy): grey or sRGB, straight alpha. With
     * {@code dropAlpha}, an alpha channel is left out of the image (for formats without alpha, such as JPEG); the
     * bytes stay where they are. CMYK is not supported.
     */
    public static BufferedImage wrap(PixelBuffer pixels, boolean dropAlpha) {
        PixelFormat format = pixels.format();
        if (format == PixelFormat.CMYK) {
            throw new IllegalArgumentException("cannot wrap CMYK pixels");
        }
        boolean alpha = format.hasAlpha() && !dropAlpha;
        int channels = format.channels();
        int bands = format.hasAlpha() && dropAlpha ? channels - 1 : channels;
        int[] offsets = new int[bands];
        for (int i = 0; i < bands; i++) {
            offsets[i] = i;
        }
        DataBufferByte buffer = new DataBufferByte(pixels.data(), pixels.byteLength());
        WritableRaster raster = Raster.createInterleavedRaster(buffer, pixels.width(), pixels.height(),
                pixels.stride(), channels, offsets, null);
        ColorSpace space = ColorSpace.getInstance(
                format.withoutAlpha() == PixelFormat.GRAY ? ColorSpace.CS_GRAY : ColorSpace.CS_sRGB);
        ColorModel model = new ComponentColorModel(space, alpha, false,
                alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        return new BufferedImage(model, raster, false, null);
    }
}
