package dev.thumbd.spec;

import java.util.List;
import java.util.Set;

/**
 * The query parameter names thumbd understands. Names are case-sensitive and lowercase: {@code W=300} is an
 * unknown parameter, not a width.
 */
public final class ParameterName {
    public static final String SRC = "src";
    public static final String W = "w";
    public static final String H = "h";
    public static final String FIT = "fit";
    public static final String GRAVITY = "gravity";
    public static final String FX = "fx";
    public static final String FY = "fy";
    public static final String DPR = "dpr";
    public static final String FMT = "fmt";
    public static final String Q = "q";
    public static final String BG = "bg";
    public static final String ENLARGE = "enlarge";
    public static final String BLUR = "blur";
    public static final String SHARPEN = "sharpen";
    public static final String CROP = "crop";
    public static final String ROTATE = "rotate";
    public static final String FLIP = "flip";
    public static final String FLOP = "flop";
    public static final String TRIM = "trim";
    public static final String FRAME = "frame";
    public static final String WM = "wm";
    public static final String WM_GRAVITY = "wm_gravity";
    public static final String WM_X = "wm_x";
    public static final String WM_Y = "wm_y";
    public static final String WM_SCALE = "wm_scale";
    public static final String WM_OPACITY = "wm_opacity";
    public static final String PRESET = "preset";

    /** Signature, key id and expiry: read by the signing layer, never part of the spec or its canonical form. */
    public static final String SIG = "sig";
    public static final String KID = "kid";
    public static final String EXP = "exp";

    /** Every parameter that describes the thumbnail, in the order the documentation lists them. */
    public static final List<String> SPEC = List.of(
            SRC, W, H, FIT, GRAVITY, FX, FY, DPR, FMT, Q, BG, ENLARGE, BLUR, SHARPEN, CROP, ROTATE, FLIP, FLOP,
            TRIM, FRAME, WM, WM_GRAVITY, WM_X, WM_Y, WM_SCALE, WM_OPACITY, PRESET);

    /** The signing parameters, accepted by the parser and handed to the signing layer untouched. */
    public static final List<String> SIGNING = List.of(SIG, KID, EXP);

    private static final Set<String> SPEC_SET = Set.copyOf(SPEC);
    private static final Set<String> SIGNING_SET = Set.copyOf(SIGNING);

    private ParameterName() {
    }

    /** Whether {@code name} is one of {@link #SPEC}. */
    public static boolean isSpec(String name) {
        return SPEC_SET.contains(name);
    }

    /** Whether {@code name} is one of {@link #SIGNING}. */
    public static boolean isSigning(String name) {
        return SIGNING_SET.contains(name);
    }
}
