package dev.thumbd.spec;

import dev.thumbd.key.ObjectKey;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Seeded generators for the property tests: random valid specs, and random ways of spelling one spec as a raw
 * query (parameter order, case, synonyms, trailing zeros, explicit defaults, escapes, tracking noise).
 */
final class RandomSpecs {
    private static final String SOURCE_ALPHABET = "abcxyzABCXYZ0189-._~/ +%&=#?:,;@!$'()*[]\"<>\\^`{|}";
    private static final String[] SOURCE_EXTRAS = {"é", "日本", "😀", "ß", "\u00a0", "\u200b"};

    private final Random random;

    RandomSpecs(long seed) {
        this.random = new Random(seed);
    }

    Random random() {
        return random;
    }

    ThumbnailSpec spec() {
        OutputFormat format = pick(OutputFormat.values());
        ThumbnailSpec.Builder b = ThumbnailSpec.builder(source())
                .width(side())
                .height(side())
                .fit(pick(Fit.values()))
                .dpr(chance(0.4) ? 1 : between(100, 400) / 100.0)
                .format(format)
                .quality(chance(0.4) ? 0 : between(1, 100))
                .background(background())
                .enlarge(random.nextBoolean())
                .blur(chance(0.6) ? 0 : between(30, 100_000) / 100.0)
                .sharpen(chance(0.6) ? 0 : between(30, 1000) / 100.0)
                .crop(chance(0.6) ? Crop.NONE : new Crop(between(0, Crop.MAX), between(0, Crop.MAX),
                        between(1, Crop.MAX), between(1, Crop.MAX)))
                .rotate(chance(0.5) ? 0 : 90 * between(1, 3))
                .flip(chance(0.3))
                .flop(chance(0.3))
                .trim(chance(0.7) ? 0 : between(1, 255))
                .frame(chance(0.7) ? ThumbnailSpec.ANIMATION : chance(0.3) ? 0 : between(0, 65535));
        Gravity g = pick(Gravity.values());
        if (g == Gravity.FOCAL) {
            b.focal(focal(), focal());
        } else {
            b.gravity(g);
        }
        if (format.placeholder()) {   // a placeholder takes only src, crop, rotate, flop, frame
            b.width(0).height(0).fit(Fit.COVER).gravity(Gravity.CENTRE).dpr(1).quality(0).background(Rgba.WHITE)
                    .enlarge(false).blur(0).sharpen(0).trim(0);
        } else if (chance(0.4)) {
            b.watermark(watermark());
        }
        return b.build();
    }

    /** A valid overlay: a storage key, any placement, scale and opacity. */
    private Watermark watermark() {
        String key;
        do {
            key = source();
        } while (ObjectKey.isUrl(key));
        Gravity g = pick(Gravity.values());
        if (g == Gravity.SMART || g == Gravity.FOCAL) {
            g = Gravity.CENTRE;
        }
        return new Watermark(key, g, chance(0.5) ? 0 : between(0, ParameterRules.MAX_SIDE),
                chance(0.5) ? 0 : between(0, ParameterRules.MAX_SIDE),
                chance(0.4) ? 0 : between(1, 1000) / 1000.0,
                chance(0.4) ? 1 : between(1, 100) / 100.0);
    }

    /** A valid source: a storage key by the one key rule (generated until one passes), or a URL. */
    private String source() {
        while (true) {
            String s = candidateSource();
            if (ObjectKey.isUrl(s)) {
                return s;
            }
            try {
                return ObjectKey.of(s).value();
            } catch (InvalidParameterException e) {
                // not a key: draw again
            }
        }
    }

    private String candidateSource() {
        int length = chance(0.01) ? ParameterRules.MAX_SOURCE_LENGTH : between(1, 40);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            if (chance(0.1)) {
                sb.append(pick(SOURCE_EXTRAS));
            } else {
                sb.append(SOURCE_ALPHABET.charAt(random.nextInt(SOURCE_ALPHABET.length())));
            }
        }
        String s = sb.toString();
        return s.codePointCount(0, s.length()) > ParameterRules.MAX_SOURCE_LENGTH
                ? s.substring(0, s.offsetByCodePoints(0, ParameterRules.MAX_SOURCE_LENGTH)) : s;
    }

    private int side() {
        return switch (random.nextInt(6)) {
            case 0, 1 -> 0;
            case 2 -> chance(0.5) ? 1 : ParameterRules.MAX_SIDE;
            default -> between(1, ParameterRules.MAX_SIDE);
        };
    }

    private double focal() {
        int scale = random.nextInt(5);
        int unit = (int) Math.pow(10, scale);
        return between(0, unit) / (double) unit;
    }

    private Rgba background() {
        if (chance(0.3)) {
            return Rgba.WHITE;
        }
        return new Rgba(random.nextInt(256), random.nextInt(256), random.nextInt(256),
                chance(0.5) ? 255 : random.nextInt(256));
    }

    /**
     * A raw query that means {@code spec}, spelt at random. With {@code presetName}, {@code preset} receives a random
     * share of the parameters (plus decoys the request then overrides) and the query refers to it.
     */
    String respell(ThumbnailSpec spec, Map<String, String> preset, String presetName) {
        Map<String, String> request = new LinkedHashMap<>();
        CanonicalForm.parameters(spec).forEach((name, value) -> request.put(name, spell(name, value)));
        addExplicitDefaults(spec, request);
        if (spec.gravity() == Gravity.FOCAL && (request.containsKey("fx") || request.containsKey("fy"))
                && chance(0.5)) {
            request.remove("gravity");
        }
        if (!presetName.isEmpty()) {
            movePartToPreset(spec, request, preset);
            request.put("preset", randomCase(presetName));
        }
        if (chance(0.5)) {
            request.put("utm_source", "news letter");
        }
        if (chance(0.3)) {
            request.put("_", Long.toString(random.nextLong()));
        }
        if (chance(0.3)) {
            request.put("sig", "AbC-_" + random.nextInt());
        }
        List<String> segments = new ArrayList<>();
        request.forEach((name, value) -> segments.add(escape(name) + "=" + escape(value)));
        Collections.shuffle(segments, random);
        return String.join("&", segments);
    }

    private void movePartToPreset(ThumbnailSpec spec, Map<String, String> request, Map<String, String> preset) {
        for (String name : List.copyOf(request.keySet())) {
            if (!name.equals("src") && chance(0.5)) {
                preset.put(name, request.remove(name));
            }
        }
        if (spec.format().placeholder()) {
            return;   // a preset of fmt=lqip with a fit or dpr overridden later would be refused on its own
        }
        if (chance(0.5) && !request.containsKey("fit")) {
            preset.put("fit", spec.fit() == Fit.FILL ? "inside" : "fill");
            request.put("fit", spell("fit", ParameterRules.token(spec.fit())));
        }
        if (chance(0.5) && !request.containsKey("dpr")) {
            preset.put("dpr", spec.dpr() == 3 ? "2" : "3");
            request.put("dpr", spell("dpr", DecimalRule.format(spec.dpr())));
        }
    }

    private void addExplicitDefaults(ThumbnailSpec spec, Map<String, String> request) {
        if (spec.fit() == Fit.COVER && chance(0.3)) {
            request.put("fit", randomCase("cover"));
        }
        if (spec.gravity() == Gravity.CENTRE && chance(0.3)) {
            request.put("gravity", randomCase(chance(0.5) ? "centre" : "center"));
        }
        if (spec.gravity() == Gravity.FOCAL && spec.focalX() == 0.5 && chance(0.5)) {
            request.put("fx", spell("fx", "0.5"));
        }
        if (spec.dpr() == 1 && chance(0.3)) {
            request.put("dpr", spell("dpr", "1"));
        }
        if (spec.format() == OutputFormat.AUTO && chance(0.3)) {
            request.put("fmt", randomCase("auto"));
        }
        if (spec.background().equals(Rgba.WHITE) && chance(0.3)) {
            request.put("bg", spell("bg", "ffffff"));
        }
        if (request.containsKey("rotate") && request.containsKey("flop") && chance(0.5)) {
            // the same turn spelt with a flip: rotate r, flip = rotate r+180, flop
            int r = (Integer.parseInt(request.get("rotate")) + 180) % 360;
            request.remove("flop");
            if (r == 0) {
                request.remove("rotate");
            } else {
                request.put("rotate", spell("rotate", Integer.toString(r)));
            }
            request.put("flip", randomCase(chance(0.5) ? "true" : "1"));
        }
        if (!spec.flop() && chance(0.2)) {
            request.put("flop", randomCase(chance(0.5) ? "false" : "0"));
        }
        if (!spec.enlarge() && chance(0.3)) {
            request.put("enlarge", randomCase(chance(0.5) ? "false" : "0"));
        }
        if (spec.overlays()) {
            Watermark wm = spec.watermark();
            if (wm.gravity() == Gravity.CENTRE && chance(0.3)) {
                request.put("wm_gravity", randomCase(chance(0.5) ? "centre" : "center"));
            }
            if (wm.opacity() == 1 && chance(0.3)) {
                request.put("wm_opacity", spell("wm_opacity", "1"));
            }
            if (wm.x() == 0 && chance(0.3)) {
                request.put("wm_x", spell("wm_x", "0"));
            }
        }
    }

    /** Another spelling of a canonical value. */
    private String spell(String name, String canonical) {
        return switch (name) {
            case "w", "h", "q", "rotate", "trim", "frame", "wm_x", "wm_y" -> "0".repeat(random.nextInt(3)) + canonical;
            case "crop" -> String.join(",", java.util.Arrays.stream(canonical.split(","))
                    .map(v -> "0".repeat(random.nextInt(2)) + v).toList());
            case "dpr", "fx", "fy", "blur", "sharpen", "wm_scale", "wm_opacity" -> trailingZeros(canonical);
            case "fmt" -> randomCase(canonical.equals("jpeg") && chance(0.5) ? "jpg" : canonical);
            case "wm_gravity" -> randomCase(canonical.equals("center") && chance(0.5) ? "centre" : canonical);
            case "gravity" -> randomCase(canonical.equals("center") && chance(0.5) ? "centre" : canonical);
            case "fit" -> randomCase(canonical);
            case "enlarge", "flop" -> chance(0.5) ? randomCase(canonical) : "1";
            case "bg" -> colour(canonical);
            default -> canonical;
        };
    }

    private String trailingZeros(String decimal) {
        int zeros = random.nextInt(3);
        if (zeros == 0) {
            return decimal;
        }
        return (decimal.contains(".") ? decimal : decimal + ".") + "0".repeat(zeros);
    }

    private String colour(String hex) {
        String h = hex;
        boolean opaque = h.length() == 6;
        if (opaque && h.charAt(0) == h.charAt(1) && h.charAt(2) == h.charAt(3) && h.charAt(4) == h.charAt(5)
                && chance(0.5)) {
            h = "" + h.charAt(0) + h.charAt(2) + h.charAt(4);
        } else if (opaque && chance(0.3)) {
            h = h + "ff";
        }
        return (chance(0.5) ? "#" : "") + randomCase(h);
    }

    private String randomCase(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(chance(0.5) ? Character.toUpperCase(c) : c);
        }
        return sb.toString();
    }

    /** Percent-encodes what must be, and a random share of what need not be; spaces as {@code +} or {@code %20}. */
    private String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            boolean safe = cp >= 0x80 || Character.isLetterOrDigit(cp) || "-._~/:,;@!$'()*".indexOf(cp) >= 0;
            if (cp == ' ' && chance(0.5)) {
                sb.append('+');
            } else if (safe && chance(0.8)) {
                sb.appendCodePoint(cp);
            } else {
                for (byte b : Character.toString(cp).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                    String hex = HexFormat.of().toHexDigits(b);
                    sb.append('%').append(chance(0.5) ? hex.toUpperCase(Locale.ROOT) : hex);
                }
            }
        }
        return sb.toString();
    }

    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    int between(int min, int max) {
        return min + random.nextInt(max - min + 1);
    }

    @SafeVarargs
    private <T> T pick(T... values) {
        return values[random.nextInt(values.length)];
    }
}
