package dev.thumbd.resizer.colour;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An ICC profile equivalent to the colour primaries of an {@code nclx} colour box (ITU-T H.273), so that a HEIF image
 * described by code points instead of an embedded profile goes through the same colour step as one with a profile.
 *
 * <p>The profile is the JDK's sRGB profile with its colorants ({@code rXYZ}, {@code gXYZ}, {@code bXYZ}) computed from
 * the primaries' chromaticities and the D65 white point, adapted to the D50 connection space by the Bradford
 * transform, as ICC v2/v4 matrix/TRC profiles do; its tone curves stay those of sRGB (the transfer of Display P3, and
 * close to the BT.709/BT.2020 curves). Primaries 1 (BT.709, the sRGB primaries) and 2 (unspecified) need no
 * conversion, and code points thumbd has no chromaticities for are treated as sRGB: both give {@code null}. HDR
 * transfers (PQ, HLG) are not tone-mapped.
 */
public final class NclxProfile {

    /** H.273 ColourPrimaries code point -> {xr, yr, xg, yg, xb, yb}, all with the D65 white point. */
    private static final Map<Integer, double[]> PRIMARIES = Map.of(
            5, new double[] {0.64, 0.33, 0.29, 0.60, 0.15, 0.06},          // BT.470 B/G, BT.601 625 lines
            6, new double[] {0.630, 0.340, 0.310, 0.595, 0.155, 0.070},    // BT.601 525 lines, SMPTE 170M
            7, new double[] {0.630, 0.340, 0.310, 0.595, 0.155, 0.070},    // SMPTE 240M
            9, new double[] {0.708, 0.292, 0.170, 0.797, 0.131, 0.046},    // BT.2020, BT.2100
            12, new double[] {0.680, 0.320, 0.265, 0.690, 0.150, 0.060});  // SMPTE EG 432-1 (Display P3)

    private static final double[] D65 = {0.95047, 1.0, 1.08883};
    private static final double[] D50 = {0.96420, 1.0, 0.82491};
    private static final double[][] BRADFORD = {
            {0.8951, 0.2664, -0.1614}, {-0.7502, 1.7135, 0.0367}, {0.0389, -0.0685, 1.0296}};

    private NclxProfile() {
    }

    /**
     * The ICC profile for {@code nclx = {primaries, transfer}}, or null when no conversion is needed or known
     * (see the class note); null for a null {@code nclx}.
     */
    public static byte @Nullable [] icc(int @Nullable [] nclx) {
        if (nclx == null) {
            return null;
        }
        double[] p = PRIMARIES.get(nclx[0]);
        if (p == null) {
            return null;
        }
        double[][] colorants = multiply(adaptation(), rgbToXyz(p));
        ICC_Profile profile = ICC_Profile.getInstance(ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData());
        profile.setData(ICC_Profile.icSigRedColorantTag, xyz(colorants, 0));
        profile.setData(ICC_Profile.icSigGreenColorantTag, xyz(colorants, 1));
        profile.setData(ICC_Profile.icSigBlueColorantTag, xyz(colorants, 2));
        profile.setData(ICC_Profile.icSigProfileDescriptionTag, description("nclx primaries " + nclx[0]));
        return profile.getData();
    }

    /** RGB -> XYZ (D65) of primaries {@code p}: columns are the primaries scaled so that RGB 1,1,1 is the white. */
    private static double[][] rgbToXyz(double[] p) {
        double[][] m = new double[3][3];
        for (int c = 0; c < 3; c++) {
            double x = p[2 * c];
            double y = p[2 * c + 1];
            m[0][c] = x / y;
            m[1][c] = 1;
            m[2][c] = (1 - x - y) / y;
        }
        double[] s = multiply(invert(m), D65);
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                m[r][c] *= s[c];
            }
        }
        return m;
    }

    /** Bradford chromatic adaptation from D65 to D50. */
    private static double[][] adaptation() {
        double[] from = multiply(BRADFORD, D65);
        double[] to = multiply(BRADFORD, D50);
        double[][] scale = new double[3][3];
        for (int i = 0; i < 3; i++) {
            scale[i][i] = to[i] / from[i];
        }
        return multiply(invert(BRADFORD), multiply(scale, BRADFORD));
    }

    /** An ICC XYZType tag of column {@code c}: 'XYZ ', reserved, three s15Fixed16 numbers. */
    private static byte[] xyz(double[][] m, int c) {
        ByteBuffer out = ByteBuffer.allocate(20);
        out.put("XYZ ".getBytes(StandardCharsets.US_ASCII)).putInt(0);
        for (int r = 0; r < 3; r++) {
            out.putInt((int) Math.round(m[r][c] * 65536));
        }
        return out.array();
    }

    /** An ICC v2 textDescriptionType tag holding {@code text} (ASCII, no Unicode or ScriptCode variant). */
    private static byte[] description(String text) {
        byte[] ascii = (text + "\0").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer out = ByteBuffer.allocate(12 + ascii.length + 8 + 3 + 67);
        out.put("desc".getBytes(StandardCharsets.US_ASCII)).putInt(0).putInt(ascii.length).put(ascii);
        return out.array();   // Unicode language and count, ScriptCode code, count and 67 bytes: all zero
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        double[][] out = new double[3][3];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                out[r][c] = a[r][0] * b[0][c] + a[r][1] * b[1][c] + a[r][2] * b[2][c];
            }
        }
        return out;
    }

    private static double[] multiply(double[][] a, double[] v) {
        return new double[] {a[0][0] * v[0] + a[0][1] * v[1] + a[0][2] * v[2],
                a[1][0] * v[0] + a[1][1] * v[1] + a[1][2] * v[2], a[2][0] * v[0] + a[2][1] * v[1] + a[2][2] * v[2]};
    }

    private static double[][] invert(double[][] m) {
        double a = m[0][0], b = m[0][1], c = m[0][2];
        double d = m[1][0], e = m[1][1], f = m[1][2];
        double g = m[2][0], h = m[2][1], i = m[2][2];
        double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
        return new double[][] {
                {(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det},
                {(f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det},
                {(d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det}};
    }
}
