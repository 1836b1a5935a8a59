package dev.thumbd.resizer.colour;

import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.image.Scratch;
import java.awt.color.ICC_ColorSpace;
import org.jspecify.annotations.Nullable;

/**
 * CMYK (normal convention, 0 = no ink, as the JPEG decoders deliver it) to sRGB.
 *
 * <p>With an embedded CMYK profile, the conversion goes through it ({@code ICC_ColorSpace.toRGB}, the JDK's
 * LittleCMS), which is what makes print-oriented files look right. Without one, the naive subtractive model
 * {@code r = (255 - c)(255 - k) / 255} is used (what libjpeg-turbo and browsers without colour management do); it is
 * too saturated compared with a real press profile but never wrong in hue. A profile that cannot be read, or is not
 * a CMYK profile, falls back to the formula rather than failing the thumbnail.
 */
public final class CmykConverter {

    private CmykConverter() {
    }

    /**
     * RGB pixels, converted in place: the CMYK pixels are overwritten (the image must be the render's own) by RGB
     * ones packed at three bytes a pixel from the start of the same array.
     */
    public static PixelBuffer toRgb(PixelBuffer cmyk, byte @Nullable [] iccProfile, Scratch scratch) {
        if (cmyk.format() != PixelFormat.CMYK) {
            throw new IllegalArgumentException("expected CMYK, got " + cmyk.format());
        }
        int n = (int) cmyk.pixels();
        byte[] out = cmyk.data();   // each band is read before it is written, and RGB never overtakes CMYK
        Profiles.Conversion conversion = iccProfile == null ? null
                : Profiles.toSrgb(iccProfile, java.awt.color.ColorSpace.TYPE_CMYK).orElse(null);
        if (conversion != null) {
            throughProfile(cmyk.data(), out, n, conversion, scratch);
        } else {
            naive(cmyk.data(), out, n);
        }
        return new PixelBuffer(out, cmyk.width(), cmyk.height(), PixelFormat.RGB);
    }

    private static void naive(byte[] in, byte[] out, int n) {
        for (int i = 0, o = 0; i < n * 4; i += 4, o += 3) {
            int k = 255 - (in[i + 3] & 0xFF);
            out[o] = (byte) (((255 - (in[i] & 0xFF)) * k + 127) / 255);
            out[o + 1] = (byte) (((255 - (in[i + 1] & 0xFF)) * k + 127) / 255);
            out[o + 2] = (byte) (((255 - (in[i + 2] & 0xFF)) * k + 127) / 255);
        }
    }

    /**
     * Through the profile, a band of pixels at a time (as one row of a CMYK image, converted by the JDK's colour
     * engine), so the staging memory is a band ({@link IccConverter#BAND_PIXELS}), not two more copies of the image.
     */
    private static void throughProfile(byte[] in, byte[] out, int n, Profiles.Conversion conversion,
            Scratch scratch) {
        int band = Math.min(n, IccConverter.BAND_PIXELS);
        byte[] staged = scratch.bytes(Scratch.Slot.ENCODE_INPUT, band * 4);   // free until the encode
        java.awt.image.BufferedImage dst = new java.awt.image.BufferedImage(band, 1,
                java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((java.awt.image.DataBufferByte) dst.getRaster().getDataBuffer()).getData();
        for (int start = 0; start < n; start += band) {
            int m = Math.min(band, n - start);
            System.arraycopy(in, start * 4, staged, 0, m * 4);
            if (m < band) {
                java.util.Arrays.fill(staged, m * 4, band * 4, (byte) 0);
            }
            conversion.filter(cmykImage(staged, band, conversion.space()), dst);
            for (int i = 0, o = start * 3; i < m * 3; i += 3, o += 3) {
                out[o] = bgr[i + 2];
                out[o + 1] = bgr[i + 1];
                out[o + 2] = bgr[i];
            }
        }
    }

    private static java.awt.image.BufferedImage cmykImage(byte[] in, int n, ICC_ColorSpace space) {
        java.awt.image.ComponentColorModel cm = new java.awt.image.ComponentColorModel(space, false, false,
                java.awt.Transparency.OPAQUE, java.awt.image.DataBuffer.TYPE_BYTE);
        java.awt.image.WritableRaster raster = java.awt.image.Raster.createInterleavedRaster(
                new java.awt.image.DataBufferByte(in, n * 4), n, 1, n * 4, 4, new int[] {0, 1, 2, 3}, null);
        return new java.awt.image.BufferedImage(cm, raster, false, null);
    }
}
