package dev.thumbd.spec;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns decoded query parameters into a {@link ParsedQuery}. This is the only parser; gateway and resizer both use it
 * (ideally on {@link QueryString#decode} output), so they cannot disagree about what a URL means.
 *
 * <p>Each parameter name falls in exactly one class:
 * <ul>
 *   <li>spec parameters ({@link ParameterName#SPEC}): validated into the {@link ThumbnailSpec};</li>
 *   <li>signing parameters {@code sig}, {@code kid}, {@code exp}: accepted unvalidated and returned in
 *       {@link SigningParameters} for the signing layer;</li>
 *   <li>non-semantic parameters ({@link NonSemanticParameters}): dropped;</li>
 *   <li>anything else: an error, so a typo such as {@code widht=300} is never silently ignored.</li>
 * </ul>
 * A name given more than once is an error in every class. A value of {@code null} (how some frameworks represent
 * {@code ?w} without {@code =}) is read as the empty string.
 */
public final class SpecParser {
    private static final String KNOWN = "a known parameter (" + String.join(", ", ParameterName.SPEC) + ")";

    private final Presets presets;
    private final NonSemanticParameters nonSemantic;

    public SpecParser(Presets presets, NonSemanticParameters nonSemantic) {
        this.presets = Objects.requireNonNull(presets, "presets");
        this.nonSemantic = Objects.requireNonNull(nonSemantic, "nonSemantic");
    }

    /** No presets, default non-semantic parameters. */
    public static SpecParser standard() {
        return new SpecParser(Presets.NONE, NonSemanticParameters.DEFAULT);
    }

    /** Decodes a raw query ({@link QueryString#decode}) and parses it. */
    public ParsedQuery parse(String rawQuery) {
        return parse(QueryString.decode(rawQuery));
    }

    /**
     * @param query parameter name to every value given for it, decoded
     * @throws InvalidParameterException on any missing, malformed, out-of-range, duplicated or unknown parameter
     */
    public ParsedQuery parse(Map<String, List<String>> query) {
        Map<String, String> explicit = new HashMap<>();
        Map<String, String> signing = new HashMap<>();
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            String name = Objects.requireNonNull(e.getKey(), "parameter name");
            String value = single(name, e.getValue());
            if (ParameterName.isSpec(name)) {
                explicit.put(name, value);
            } else if (ParameterName.isSigning(name)) {
                signing.put(name, value);
            } else if (!nonSemantic.isDropped(name)) {
                throw new InvalidParameterException(name, KNOWN, value);
            }
        }
        Map<String, String> base = Map.of();
        String presetName = explicit.remove(ParameterName.PRESET);
        if (presetName != null) {
            base = presets.get(presetName).orElseThrow(() -> new InvalidParameterException(
                    ParameterName.PRESET, "a configured preset name", presetName));
        }
        SigningParameters s = new SigningParameters(
                Optional.ofNullable(signing.get(ParameterName.SIG)),
                Optional.ofNullable(signing.get(ParameterName.KID)),
                Optional.ofNullable(signing.get(ParameterName.EXP)));
        return new ParsedQuery(resolve(explicit, base), s);
    }

    private static String single(String name, List<String> values) {
        if (values == null || values.size() != 1) {
            throw InvalidParameterException.duplicate(name, values == null ? List.of() : nullsAsEmpty(values));
        }
        String v = values.getFirst();
        return v == null ? "" : v;
    }

    private static List<String> nullsAsEmpty(List<String> values) {
        return values.stream().map(v -> v == null ? "" : v).toList();
    }

    /** Builds the spec from explicit parameters laid over a preset's (neither containing {@code preset}). */
    static ThumbnailSpec resolve(Map<String, String> explicit, Map<String, String> preset) {
        Map<String, String> p = new HashMap<>(preset);
        p.putAll(explicit);
        String src = p.get(ParameterName.SRC);
        String fx = p.get(ParameterName.FX);
        String fy = p.get(ParameterName.FY);
        double focalX = fx == null ? ThumbnailSpec.DEFAULT_FOCAL : ParameterRules.FOCAL_X.parse(fx);
        double focalY = fy == null ? ThumbnailSpec.DEFAULT_FOCAL : ParameterRules.FOCAL_Y.parse(fy);
        String g = p.get(ParameterName.GRAVITY);
        Gravity gravity = g != null ? ParameterRules.gravity(g)
                : fx != null || fy != null ? Gravity.FOCAL : Gravity.CENTRE;
        if (gravity != Gravity.FOCAL && fx != null) {
            throw ParameterRules.focalWithout(ParameterName.FX, gravity, fx);
        }
        if (gravity != Gravity.FOCAL && fy != null) {
            throw ParameterRules.focalWithout(ParameterName.FY, gravity, fy);
        }
        boolean flip = value(p, ParameterName.FLIP, false, v -> ParameterRules.flag(ParameterName.FLIP, v));
        boolean flop = value(p, ParameterName.FLOP, false, v -> ParameterRules.flag(ParameterName.FLOP, v));
        return new ThumbnailSpec(
                ParameterRules.source(src == null ? "" : ParameterRules.storageKeyOrUrl(src)),
                value(p, ParameterName.W, 0, ParameterRules.WIDTH::parse),
                value(p, ParameterName.H, 0, ParameterRules.HEIGHT::parse),
                value(p, ParameterName.FIT, Fit.COVER, ParameterRules::fit),
                gravity, focalX, focalY,
                value(p, ParameterName.DPR, 1.0, ParameterRules.DPR::parse),
                value(p, ParameterName.FMT, OutputFormat.AUTO, ParameterRules::format),
                value(p, ParameterName.Q, 0, ParameterRules.QUALITY::parse),
                value(p, ParameterName.BG, Rgba.WHITE, ParameterRules::background),
                value(p, ParameterName.ENLARGE, false, ParameterRules::enlarge),
                value(p, ParameterName.BLUR, 0.0, ParameterRules.BLUR::parse),
                value(p, ParameterName.SHARPEN, 0.0, ParameterRules.SHARPEN::parse),
                value(p, ParameterName.CROP, Crop.NONE, Crop::parse),
                turn(value(p, ParameterName.ROTATE, 0, ParameterRules::rotate), flip),
                flop ^ flip,
                value(p, ParameterName.TRIM, 0, ParameterRules.TRIM::parse),
                value(p, ParameterName.FRAME, ThumbnailSpec.ANIMATION, ParameterRules.FRAME::parse),
                watermark(p));
    }

    /** {@code wm} and its companions; a companion without {@code wm} is an error (it would mean nothing). */
    private static Watermark watermark(Map<String, String> p) {
        String key = p.get(ParameterName.WM);
        if (key == null) {
            for (String name : List.of(ParameterName.WM_GRAVITY, ParameterName.WM_X, ParameterName.WM_Y,
                    ParameterName.WM_SCALE, ParameterName.WM_OPACITY)) {
                if (p.containsKey(name)) {
                    throw new InvalidParameterException(name, name + " only with wm", p.get(name));
                }
            }
            return Watermark.NONE;
        }
        return new Watermark(ParameterRules.overlayKey(key),
                value(p, ParameterName.WM_GRAVITY, Gravity.CENTRE, ParameterRules::overlayGravity),
                value(p, ParameterName.WM_X, 0, ParameterRules.WM_X::parse),
                value(p, ParameterName.WM_Y, 0, ParameterRules.WM_Y::parse),
                value(p, ParameterName.WM_SCALE, 0.0, ParameterRules.WM_SCALE::parse),
                value(p, ParameterName.WM_OPACITY, 1.0, ParameterRules.WM_OPACITY::parse));
    }

    /** A flip is a flop after a half turn: {@code rotate} 180 more (the caller toggles the flop). */
    private static int turn(int rotate, boolean flip) {
        return flip ? (rotate + 180) % 360 : rotate;
    }

    private static <T> T value(Map<String, String> p, String name, T absent,
            Function<String, T> parser) {
        String raw = p.get(name);
        return raw == null ? absent : parser.apply(raw);
    }
}
