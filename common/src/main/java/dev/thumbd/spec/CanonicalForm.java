package dev.thumbd.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The canonical query of a spec: the one spelling that signatures and the {@link Fingerprint} are computed over.
 * Any two requests that mean the same thumbnail have the same canonical query, and
 * {@code parse(decode(canonicalQuery(s)))} equals {@code s}.
 *
 * <p>The rule (also in {@code docs/SPEC.md}, for signers in other languages):
 * <ol>
 *   <li>Only spec parameters appear. {@code preset} is expanded into its parameters and its name dropped. The
 *       signing parameters {@code sig}, {@code kid}, {@code exp} and the non-semantic parameters
 *       ({@link NonSemanticParameters}: {@code utm_*} and the configured list) never appear; any other
 *       parameter is rejected by the parser before there is a spec to canonicalise.</li>
 *   <li>Parameters at their default are left out: {@code w}/{@code h} unset, {@code fit=cover},
 *       {@code gravity=center}, {@code fx}/{@code fy} of 0.5 (and always unless {@code gravity=focal}),
 *       {@code dpr=1}, {@code fmt=auto}, {@code q} unset, {@code bg} opaque white, {@code enlarge=false},
 *       {@code blur}/{@code sharpen} unset, no {@code crop}, {@code rotate} 0, no {@code flop}, no {@code trim},
 *       {@code frame} unset ({@code frame=0} is not a default: it asks for a still), no {@code wm} (and with one:
 *       {@code wm_gravity=center}, {@code wm_x}/{@code wm_y} 0, {@code wm_scale} unset, {@code wm_opacity=1}). {@code src} is always
 *       present.</li>
 *   <li>Values are normalised: lowercase tokens, {@code jpg} as {@code jpeg}, {@code centre} as {@code center},
 *       compass points without separators ({@code northeast}); integers without leading zeros; decimals in plain
 *       notation without trailing zeros or a trailing dot ({@code 2}, {@code 1.5}); {@code bg} as lowercase
 *       {@code rrggbb}, or {@code rrggbbaa} only when not opaque; {@code enlarge} and {@code flop} as {@code true}; {@code crop} as {@code x,y,w,h} without leading
 *       zeros; {@code flip} folded into {@code rotate} (180 more) and {@code flop} (toggled), so the eight turns
 *       of an image have one spelling each and {@code flip} itself never appears.</li>
 *   <li>Parameters are sorted by name (ASCII order) and joined as {@code name=value} with {@code &}.</li>
 *   <li>Values are percent-encoded per RFC 3986 ({@link QueryString#encode}): unreserved characters left alone,
 *       every other UTF-8 byte as {@code %XX} in uppercase hex, except that {@code /} in {@code src} and
 *       {@code wm} stays literal. A space is {@code %20}, never {@code +}.</li>
 * </ol>
 */
public final class CanonicalForm {
    private CanonicalForm() {
    }

    /** The canonical parameters, decoded, sorted by name. */
    public static SequencedMap<String, String> parameters(ThumbnailSpec s) {
        TreeMap<String, String> p = new TreeMap<>();
        p.put(ParameterName.SRC, s.source());
        putIf(p, s.width() != 0, ParameterName.W, Integer.toString(s.width()));
        putIf(p, s.height() != 0, ParameterName.H, Integer.toString(s.height()));
        putIf(p, s.fit() != Fit.COVER, ParameterName.FIT, ParameterRules.token(s.fit()));
        putIf(p, s.gravity() != Gravity.CENTRE, ParameterName.GRAVITY, ParameterRules.token(s.gravity()));
        putIf(p, s.focalX() != ThumbnailSpec.DEFAULT_FOCAL, ParameterName.FX, DecimalRule.format(s.focalX()));
        putIf(p, s.focalY() != ThumbnailSpec.DEFAULT_FOCAL, ParameterName.FY, DecimalRule.format(s.focalY()));
        putIf(p, s.dpr() != 1, ParameterName.DPR, DecimalRule.format(s.dpr()));
        putIf(p, s.format() != OutputFormat.AUTO, ParameterName.FMT, s.format().token());
        putIf(p, s.quality() != 0, ParameterName.Q, Integer.toString(s.quality()));
        putIf(p, !s.background().equals(Rgba.WHITE), ParameterName.BG, ParameterRules.token(s.background()));
        putIf(p, s.enlarge(), ParameterName.ENLARGE, "true");
        putIf(p, s.blur() != 0, ParameterName.BLUR, DecimalRule.format(s.blur()));
        putIf(p, s.sharpen() != 0, ParameterName.SHARPEN, DecimalRule.format(s.sharpen()));
        putIf(p, !s.crop().none(), ParameterName.CROP, s.crop().token());
        putIf(p, s.rotate() != 0, ParameterName.ROTATE, Integer.toString(s.rotate()));
        putIf(p, s.flop(), ParameterName.FLOP, "true");
        putIf(p, s.trim() != 0, ParameterName.TRIM, Integer.toString(s.trim()));
        putIf(p, s.picksFrame(), ParameterName.FRAME, Integer.toString(s.frame()));
        Watermark wm = s.watermark();
        putIf(p, wm.present(), ParameterName.WM, wm.key());
        putIf(p, wm.gravity() != Gravity.CENTRE, ParameterName.WM_GRAVITY, ParameterRules.token(wm.gravity()));
        putIf(p, wm.x() != 0, ParameterName.WM_X, Integer.toString(wm.x()));
        putIf(p, wm.y() != 0, ParameterName.WM_Y, Integer.toString(wm.y()));
        putIf(p, wm.scale() != 0, ParameterName.WM_SCALE, DecimalRule.format(wm.scale()));
        putIf(p, wm.opacity() != 1, ParameterName.WM_OPACITY, DecimalRule.format(wm.opacity()));
        return Collections.unmodifiableSequencedMap(p);
    }

    /** The canonical query string, without a leading {@code ?}. */
    public static String query(ThumbnailSpec s) {
        StringJoiner q = new StringJoiner("&");
        parameters(s).forEach((name, value) ->
                q.add(name + "=" + QueryString.encode(value, isKey(name))));
        return q.toString();
    }

    /** The canonical parameters in the shape {@link SpecParser#parse} takes. */
    static Map<String, List<String>> queryMap(ThumbnailSpec s) {
        SequencedMap<String, List<String>> m = new LinkedHashMap<>();
        parameters(s).forEach((name, value) -> m.put(name, List.of(value)));
        return Collections.unmodifiableSequencedMap(m);
    }

    /** {@code src} and {@code wm} are storage keys: their {@code /} stays literal. */
    private static boolean isKey(String name) {
        return name.equals(ParameterName.SRC) || name.equals(ParameterName.WM);
    }

    private static void putIf(Map<String, String> p, boolean present, String name, String value) {
        if (present) {
            p.put(name, value);
        }
    }
}
