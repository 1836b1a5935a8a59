package dev.thumbd.resizer.colour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.thumbd.resizer.codec.NativeCodecs;
import dev.thumbd.resizer.codec.jpeg.TurboJpegDecoder;
import dev.thumbd.resizer.fixture.TestImages;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.resizer.probe.HeaderProbe;
import dev.thumbd.resizer.probe.ImageHeader;
import dev.thumbd.resizer.probe.ProbeLimits;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ColourTest {

    /**
     * CMYK JPEGs (one with a CMYK ICC profile, converted through it; one without) come out close to ImageMagick's
     * own CMYK -> sRGB conversion of the same file.
     */
    @Test
    void cmykJpegsBecomePlausibleSrgb() throws Exception {
        for (String f : new String[] {"edge/cmyk-profile.jpg", "edge/cmyk-no-profile.jpg"}) {
            byte[] src = TestImages.bytes(f);
            ImageHeader h = HeaderProbe.probe(src, ProbeLimits.defaults());
            try (Scratch s = new Scratch()) {
                if (f.endsWith("cmyk-profile.jpg")) {
                    assertThat(Profiles.toSrgb(h.iccProfile(), ColorSpace.TYPE_CMYK)).as("through the ICC profile")
                            .isPresent();
                }
                PixelBuffer cmyk = new TurboJpegDecoder(NativeCodecs.turboJpeg()).decode(src, 1, s);
                assertThat(cmyk.format()).isEqualTo(PixelFormat.CMYK);
                PixelBuffer rgb = CmykConverter.toRgb(cmyk, h.iccProfile(), s);
                assertThat(rgb.format()).isEqualTo(PixelFormat.RGB);
                byte[] reference = imageMagickRgb(TestImages.path(f));
                assertThat(reference.length).isEqualTo(rgb.byteLength());
                long diff = 0;
                for (int i = 0; i < reference.length; i++) {
                    diff += Math.abs((reference[i] & 0xFF) - (rgb.data()[i] & 0xFF));
                }
                assertThat((double) diff / reference.length).as(f).isLessThan(25.0);
            }
        }
    }

    /**
     * The attack: a profile whose header is plausible (RGB, XYZ connection space, the signature) and whose tag table
     * is empty parses, and the colour engine fails only when it links it ("Couldn't link the profiles"): that was a
     * 500 on every render of the image. It is now found out when the conversion is made and treated as no profile.
     */
    @Test
    void aProfileTheEngineCannotLinkIsTreatedAsNone() {
        byte[] icc = new byte[132];
        java.nio.ByteBuffer.wrap(icc).putInt(0, icc.length).put(4, "lcms".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put(8, new byte[] {2, 0x10, 0, 0}).put(12, "mntr".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put(16, "RGB ".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put(20, "XYZ ".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put(36, "acsp".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(ICC_Profile.getInstance(icc).getColorSpaceType()).as("the bytes parse as an RGB profile")
                .isEqualTo(ColorSpace.TYPE_RGB);
        assertThat(Profiles.toSrgb(icc, ColorSpace.TYPE_RGB)).as("no conversion through it").isEmpty();
        PixelBuffer img = new PixelBuffer(new byte[] {10, 20, 30}, 1, 1, PixelFormat.RGB);
        try (Scratch s = new Scratch()) {
            assertThat(IccConverter.toSrgb(img, icc, s)).isSameAs(img);
        }
    }

    @Test
    void srgbProfilesAreRecognisedAndLeftAlone() {
        ICC_Profile srgb = ICC_Profile.getInstance(ColorSpace.CS_sRGB);
        assertThat(IccConverter.isSrgb(srgb)).isTrue();
        PixelBuffer img = new PixelBuffer(new byte[] {10, 20, 30}, 1, 1, PixelFormat.RGB);
        try (Scratch s = new Scratch()) {
            assertThat(IccConverter.toSrgb(img, srgb.getData(), s)).isSameAs(img);
            assertThat(IccConverter.toSrgb(img, new byte[] {1, 2, 3}, s)).isSameAs(img);
        }
    }

    /** A wide-gamut profile (the test phone photo embeds Display P3) changes saturated colours. */
    @Test
    void displayP3IsConvertedToSrgb() {
        byte[] icc = HeaderProbe.probe(TestImages.bytes("photo-p3-orientation6-4032x3024.jpg"), ProbeLimits.defaults())
                .iccProfile();
        assertThat(icc).isNotNull();
        PixelBuffer red = new PixelBuffer(new byte[] {(byte) 255, 0, 0, (byte) 128, (byte) 128, (byte) 128}, 2, 1,
                PixelFormat.RGB);
        try (Scratch s = new Scratch()) {
            PixelBuffer out = IccConverter.toSrgb(red, icc, s);
            assertThat(out).isNotSameAs(red);
            // P3 red is outside sRGB: it clips to full red with no green or blue
            assertThat(out.data()[0] & 0xFF).isGreaterThan(240);
            // mid grey stays grey
            assertThat(Math.abs((out.data()[3] & 0xFF) - (out.data()[4] & 0xFF))).isLessThan(3);
        }
    }

    /**
     * An image larger than one band (and not a whole number of bands), with alpha, is converted band by band to the
     * same pixels the colour library gives for the whole image in one call; alpha passes untouched. The staging
     * memory is a band, whatever the image.
     */
    @Test
    void bandedConversionEqualsOneCall() {
        byte[] icc = HeaderProbe.probe(TestImages.bytes("photo-p3-orientation6-4032x3024.jpg"), ProbeLimits.defaults())
                .iccProfile();
        int w = 401;
        int h = 333;   // 133,533 pixels: two whole bands and a part
        assertThat(w * h).isGreaterThan(2 * IccConverter.BAND_PIXELS);
        byte[] rgba = new byte[w * h * 4];
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        for (int i = 0; i < rgba.length; i++) {
            rgba[i] = (byte) r.nextInt(256);
        }
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0, o = 0; o < rgb.length; i += 4, o += 3) {
            System.arraycopy(rgba, i, rgb, o, 3);
        }
        Profiles.Conversion conversion = Profiles.toSrgb(icc, ColorSpace.TYPE_RGB).orElseThrow();
        java.awt.image.BufferedImage src = row(conversion.space(), rgb.clone());
        java.awt.image.BufferedImage dst = row(ColorSpace.getInstance(ColorSpace.CS_sRGB), new byte[rgb.length]);
        conversion.filter(src, dst);
        byte[] whole = ((java.awt.image.DataBufferByte) dst.getRaster().getDataBuffer()).getData();
        try (Scratch s = new Scratch()) {
            PixelBuffer out = IccConverter.toSrgb(new PixelBuffer(rgba.clone(), w, h, PixelFormat.RGBA), icc, s);
            assertThat(s.bytes(Scratch.Slot.ENCODE_INPUT, 0).length).as("staging is one band")
                    .isLessThanOrEqualTo(IccConverter.BAND_PIXELS * 3 * 9 / 8);
            byte[] banded = new byte[rgb.length];
            for (int i = 0, o = 0; o < rgb.length; i += 4, o += 3) {
                System.arraycopy(out.data(), i, banded, o, 3);
                assertThat(out.data()[i + 3]).isEqualTo(rgba[i + 3]);
            }
            assertThat(banded).isEqualTo(whole);
        }
    }

    private static java.awt.image.BufferedImage row(ColorSpace space, byte[] data) {
        int n = data.length / 3;
        return new java.awt.image.BufferedImage(new java.awt.image.ComponentColorModel(space, false, false,
                java.awt.Transparency.OPAQUE, java.awt.image.DataBuffer.TYPE_BYTE),
                java.awt.image.Raster.createInterleavedRaster(new java.awt.image.DataBufferByte(data, n * 3), n, 1,
                        n * 3, 3, new int[] {0, 1, 2}, null), false, null);
    }

    private static byte[] imageMagickRgb(Path file) throws IOException, InterruptedException {
        Path convert = Path.of("/usr/bin/convert");
        if (!Files.isExecutable(convert)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("ImageMagick (/usr/bin/convert) is required under CI=true");
            }
            assumeTrue(false, "ImageMagick not installed");
        }
        Process p = new ProcessBuilder(convert.toString(), file.toString(), "-colorspace", "sRGB", "-depth", "8",
                "rgb:-").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        return out;
    }
}
