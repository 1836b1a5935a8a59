package dev.thumbd.spec;

import dev.thumbd.key.ObjectKey;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The one place that knows each parameter's range and spelling. The parser uses it on request values, the record
 * constructor (and so the builder) on typed values, and {@link CanonicalForm} for the canonical spelling, so the
 * three can never drift apart.
 */
final class ParameterRules {
    /** Largest {@code w} or {@code h}, in CSS pixels. */
    static final int MAX_SIDE = 8192;
    /** Longest {@code src}, in Unicode code points. */
    static final int MAX_SOURCE_LENGTH = 1024;

    static final IntegerRule WIDTH = new IntegerRule(ParameterName.W, 1, MAX_SIDE);
    static final IntegerRule HEIGHT = new IntegerRule(ParameterName.H, 1, MAX_SIDE);
    static final IntegerRule FRAME = new IntegerRule(ParameterName.FRAME, 0, 65535);
    static final IntegerRule QUALITY = new IntegerRule(ParameterName.Q, 1, 100);
    static final IntegerRule TRIM = new IntegerRule(ParameterName.TRIM, 1, 255);
    static final IntegerRule WM_X = new IntegerRule(ParameterName.WM_X, 0, MAX_SIDE);
    static final IntegerRule WM_Y = new IntegerRule(ParameterName.WM_Y, 0, MAX_SIDE);
    static final DecimalRule WM_SCALE = new DecimalRule(ParameterName.WM_SCALE, "0.001", "1", 3);
    static final DecimalRule WM_OPACITY = new DecimalRule(ParameterName.WM_OPACITY, "0.01", "1", 2);
    static final DecimalRule FOCAL_X = new DecimalRule(ParameterName.FX, "0", "1", 4);
    static final DecimalRule FOCAL_Y = new DecimalRule(ParameterName.FY, "0", "1", 4);
    static final DecimalRule DPR = new DecimalRule(ParameterName.DPR, "1", "4", 2);
    static final DecimalRule BLUR = new DecimalRule(ParameterName.BLUR, "0.3", "1000", 2);
    static final DecimalRule SHARPEN = new DecimalRule(ParameterName.SHARPEN, "0.3", "10", 2);

    private static final String SOURCE_EXPECTATION = "a non-empty storage key or URL of at most "
            + MAX_SOURCE_LENGTH + " characters without control characters";
    private static final String FIT_EXPECTATION = "one of cover, contain, fill, inside, outside";
    private static final String GRAVITY_EXPECTATION = "one of center, north, northeast, east, southeast, south, "
            + "southwest, west, northwest, smart, focal";
    private static final String OVERLAY_GRAVITY_EXPECTATION = "one of center, north, northeast, east, southeast, "
            + "south, southwest, west, northwest";
    private static final String OVERLAY_KEY_EXPECTATION = "a storage key (not a URL) of at most "
            + MAX_SOURCE_LENGTH + " characters";
    private static final String FORMAT_EXPECTATION = "one of auto, jpeg, jpg, png, webp, avif, lqip";
    private static final String ENLARGE_EXPECTATION = "one of true, false, 1, 0";
    private static final String ROTATE_EXPECTATION = "one of 90, 180, 270";
    private static final String BACKGROUND_EXPECTATION = "a hex colour rgb, rrggbb or rrggbbaa";

    private ParameterRules() {
    }

    /** Checks {@code src}: non-empty, at most 1024 code points, no control characters, no lone surrogates. */
    static String source(String raw) {
        boolean ok = !raw.isEmpty() && raw.codePointCount(0, raw.length()) <= MAX_SOURCE_LENGTH;
        for (int i = 0; ok && i < raw.length(); ) {
            int cp = raw.codePointAt(i);
            i += Character.charCount(cp);
            ok = !Character.isISOControl(cp) && Character.getType(cp) != Character.SURROGATE;
        }
        if (!ok) {
            throw new InvalidParameterException(ParameterName.SRC, SOURCE_EXPECTATION, raw);
        }
        return raw;
    }

    /**
     * A decoded {@code src}: a remote URL is left to the resizer's allow-list; anything else must be a valid storage
     * key as it stands ({@link ObjectKey#of}: decoded once already, never again, so a {@code %} left is refused).
     */
    static String storageKeyOrUrl(String decoded) {
        return ObjectKey.isUrl(decoded) || decoded.isEmpty() ? decoded : ObjectKey.of(decoded).value();
    }

    /**
     * Checks {@code wm}: a storage key by the same rule as {@code src} ({@link ObjectKey#of}, decoded once), never a
     * URL (an overlay is always read from the store).
     */
    static String overlayKey(String decoded) {
        if (decoded.isEmpty() || ObjectKey.isUrl(decoded)
                || decoded.codePointCount(0, decoded.length()) > MAX_SOURCE_LENGTH) {
            throw new InvalidParameterException(ParameterName.WM, OVERLAY_KEY_EXPECTATION, decoded);
        }
        try {
            return ObjectKey.of(decoded).value();
        } catch (InvalidParameterException e) {
            throw new InvalidParameterException(ParameterName.WM, OVERLAY_KEY_EXPECTATION, decoded);
        }
    }

    /** {@code wm_gravity}: a {@code gravity} word other than smart and focal. */
    static Gravity overlayGravity(String raw) {
        Gravity g;
        try {
            g = gravity(raw);
        } catch (InvalidParameterException e) {
            throw new InvalidParameterException(ParameterName.WM_GRAVITY, OVERLAY_GRAVITY_EXPECTATION, raw);
        }
        if (g == Gravity.SMART || g == Gravity.FOCAL) {
            throw new InvalidParameterException(ParameterName.WM_GRAVITY, OVERLAY_GRAVITY_EXPECTATION, raw);
        }
        return g;
    }

    /** Checks a typed {@code wm_gravity}. */
    static Gravity checkOverlayGravity(Gravity g) {
        if (g == Gravity.SMART || g == Gravity.FOCAL) {
            throw new InvalidParameterException(ParameterName.WM_GRAVITY, OVERLAY_GRAVITY_EXPECTATION, token(g));
        }
        return g;
    }

    static Fit fit(String raw) {
        for (Fit f : Fit.values()) {
            if (token(f).equals(raw.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new InvalidParameterException(ParameterName.FIT, FIT_EXPECTATION, raw);
    }

    static Gravity gravity(String raw) {
        String t = raw.toLowerCase(Locale.ROOT);
        if (t.equals("centre")) {
            return Gravity.CENTRE;
        }
        for (Gravity g : Gravity.values()) {
            if (token(g).equals(t)) {
                return g;
            }
        }
        throw new InvalidParameterException(ParameterName.GRAVITY, GRAVITY_EXPECTATION, raw);
    }

    static OutputFormat format(String raw) {
        return OutputFormat.fromToken(raw)
                .orElseThrow(() -> new InvalidParameterException(ParameterName.FMT, FORMAT_EXPECTATION, raw));
    }

    static boolean enlarge(String raw) {
        return flag(ParameterName.ENLARGE, raw);
    }

    /** A boolean parameter ({@code enlarge}, {@code flip}, {@code flop}): {@code true}, {@code false}, 1, 0. */
    static boolean flag(String parameter, String raw) {
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new InvalidParameterException(parameter, ENLARGE_EXPECTATION, raw);
        };
    }

    /** {@code rotate}: clockwise degrees, 90, 180 or 270 (leading zeros allowed; no 0: leave it out). */
    static int rotate(String raw) {
        boolean digits = !raw.isEmpty() && raw.length() <= 9 && raw.chars().allMatch(c -> c >= '0' && c <= '9');
        int v = digits ? Integer.parseInt(raw) : -1;
        if (v != 90 && v != 180 && v != 270) {
            throw new InvalidParameterException(ParameterName.ROTATE, ROTATE_EXPECTATION, raw);
        }
        return v;
    }

    /** Checks a typed {@code rotate}: 0 (none), 90, 180 or 270. */
    static int checkRotate(int value) {
        if (value != 0 && value != 90 && value != 180 && value != 270) {
            throw new InvalidParameterException(ParameterName.ROTATE, ROTATE_EXPECTATION, Integer.toString(value));
        }
        return value;
    }

    /** Parses {@code rgb}, {@code rrggbb} or {@code rrggbbaa}, with an optional leading {@code #}, any case. */
    static Rgba background(String raw) {
        String hex = raw.startsWith("#") ? raw.substring(1) : raw;
        boolean digits = hex.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128);
        if (digits && hex.length() == 3) {
            StringBuilder sb = new StringBuilder();
            hex.chars().forEach(c -> sb.append((char) c).append((char) c));
            hex = sb.toString();
        }
        if (!digits || hex.length() != 6 && hex.length() != 8) {
            throw new InvalidParameterException(ParameterName.BG, BACKGROUND_EXPECTATION, raw);
        }
        byte[] b = HexFormat.of().parseHex(hex);
        int alpha = b.length == 4 ? b[3] & 0xff : 255;
        return new Rgba(b[0] & 0xff, b[1] & 0xff, b[2] & 0xff, alpha);
    }

    /** A focal coordinate given while gravity is something other than focal. */
    /** What a placeholder ({@code fmt=lqip}) takes besides {@code src}. */
    static final String LQIP_TAKES = "no %s with fmt=lqip (a placeholder takes only src, crop, rotate, flip, flop, frame)";

    /** A parameter a placeholder does not take ({@code fmt=lqip} with {@code w}, {@code q}, {@code blur}, ...). */
    static InvalidParameterException notWithPlaceholder(String parameter, String received) {
        return new InvalidParameterException(parameter, String.format(Locale.ROOT, LQIP_TAKES, parameter), received);
    }

    static InvalidParameterException focalWithout(String parameter, Gravity gravity, String received) {
        return new InvalidParameterException(parameter,
                parameter + " only with gravity focal (not " + token(gravity) + ")", received);
    }

    /** The canonical {@code fit} token. */
    static String token(Fit fit) {
        return fit.name().toLowerCase(Locale.ROOT);
    }

    /** The canonical {@code gravity} token: {@code center}, compass points without separators, smart, focal. */
    static String token(Gravity gravity) {
        return gravity == Gravity.CENTRE ? "center" : gravity.name().replace("_", "").toLowerCase(Locale.ROOT);
    }

    /** The canonical {@code bg} spelling: lowercase {@code rrggbb}, or {@code rrggbbaa} when not opaque. */
    static String token(Rgba c) {
        HexFormat hex = HexFormat.of();
        String rgb = hex.toHexDigits((byte) c.r()) + hex.toHexDigits((byte) c.g()) + hex.toHexDigits((byte) c.b());
        return c.opaque() ? rgb : rgb + hex.toHexDigits((byte) c.a());
    }
}
