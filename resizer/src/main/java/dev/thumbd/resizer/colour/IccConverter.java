package dev.thumbd.resizer.colour;

import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.image.Scratch;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.nio.charset.StandardCharsets;

/**
 * RGB with an embedded non-sRGB profile (Display P3 from phones, Adobe RGB from cameras) to sRGB, so colours look
 * the same once the profile is stripped from the output. sRGB profiles are recognised from their description and
 * cost nothing; grey images and unreadable profiles are left as they are (a broken profile never fails a
 * thumbnail). Alpha is carried over untouched. The conversion is the JDK's (LittleCMS), relative colorimetric.
 */
public final class IccConverter {

    /** Pixels converted per call of the colour library: 192 KB staging planes, whatever the image. */
    public static final int BAND_PIXELS = 1 << 16;

    private IccConverter() {
    }

    /**
     * {@code image} in sRGB, converted in place (its pixels are overwritten: the image must be the render's own), or
     * {@code image} itself untouched when nothing is to do.
     */
    public static PixelBuffer toSrgb(PixelBuffer image, byte[] iccProfile, Scratch scratch) {
        PixelFormat f = image.format();
        if (f != PixelFormat.RGB && f != PixelFormat.RGBA) {
            return image;
        }
        Profiles.Conversion conversion = Profiles.toSrgb(iccProfile, ColorSpace.TYPE_RGB).orElse(null);
        if (conversion == null) {
            return image;
        }
        int n = (int) image.pixels();
        int c = image.channels();
        byte[] in = image.data();
        // In place (the image is the render's own, in its scratch), a band at a time, so the conversion holds a
        // band's staging planes, not two more copies of the image. They come from slots that are free at this point
        // of the pipeline (encode and frame run later).
        byte[] out = in;
        int band = Math.min(n, BAND_PIXELS);
        byte[] rgb = scratch.bytes(Scratch.Slot.ENCODE_INPUT, band * 3);
        byte[] srgb = scratch.bytes(Scratch.Slot.FINISHED, band * 3);
        ColorSpace target = ColorSpace.getInstance(ColorSpace.CS_sRGB);
        for (int start = 0; start < n; start += band) {
            int m = Math.min(band, n - start);
            for (int i = start * c, o = 0; o < m * 3; i += c, o += 3) {
                rgb[o] = in[i];
                rgb[o + 1] = in[i + 1];
                rgb[o + 2] = in[i + 2];
            }
            conversion.filter(image(conversion.space(), rgb, m), image(target, srgb, m));
            for (int i = start * c, o = 0; o < m * 3; i += c, o += 3) {
                out[i] = srgb[o];
                out[i + 1] = srgb[o + 1];
                out[i + 2] = srgb[o + 2];
                if (c == 4) {
                    out[i + 3] = in[i + 3];
                }
            }
        }
        return new PixelBuffer(out, image.width(), image.height(), f);
    }

    /** {@code n} RGB pixels of {@code data} as one image row in {@code space}, without copying. */
    private static BufferedImage image(ColorSpace space, byte[] data, int n) {
        ComponentColorModel cm = new ComponentColorModel(space, false, false, Transparency.OPAQUE,
                DataBuffer.TYPE_BYTE);
        WritableRaster raster = Raster.createInterleavedRaster(new DataBufferByte(data, n * 3), n, 1, n * 3, 3,
                new int[] {0, 1, 2}, null);
        return new BufferedImage(cm, raster, false, null);
    }

    /** Whether the profile's description names sRGB (the common embedded sRGB profiles all do). */
    public static boolean isSrgb(ICC_Profile profile) {
        byte[] desc = profile.getData(ICC_Profile.icSigProfileDescriptionTag);
        if (desc == null) {
            return false;
        }
        String text = new String(desc, StandardCharsets.ISO_8859_1).replace("\0", "");
        return text.contains("sRGB") || text.contains("s\u0000R\u0000G\u0000B");
    }
}
