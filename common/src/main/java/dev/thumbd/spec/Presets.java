package dev.thumbd.spec;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Named parameter sets from configuration: {@code preset=avatar} applies avatar's parameters first, and the request's
 * own parameters override them one by one. The result is validated as a whole, so a preset with {@code fx} (which
 * implies {@code gravity=focal}) combined with an explicit {@code gravity=north} is an error.
 *
 * <p>Presets are checked when they are created, so a broken configuration fails at startup rather than on the first
 * request: names are 1 to 64 of {@code a-z 0-9 _ -} (matched case-insensitively), and a preset may set any spec
 * parameter except {@code src} and {@code preset}, with values valid on their own.
 */
public final class Presets {
    /** No presets: every {@code preset=} is an unknown preset. */
    public static final Presets NONE = new Presets(Map.of());

    private static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,64}");

    private final Map<String, Map<String, String>> byName;

    private Presets(Map<String, Map<String, String>> byName) {
        this.byName = byName;
    }

    /**
     * @param presets preset name to its parameters (spec parameter name to value, as they would appear in a URL)
     * @throws IllegalArgumentException naming the preset, if a name or a parameter is invalid
     */
    public static Presets of(Map<String, Map<String, String>> presets) {
        Map<String, Map<String, String>> checked = new LinkedHashMap<>();
        presets.forEach((name, parameters) -> {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("preset name '" + name + "' is not 1 to 64 of a-z 0-9 _ -");
            }
            checkParameters(name, parameters);
            checked.put(name, Map.copyOf(parameters));
        });
        return new Presets(Map.copyOf(checked));
    }

    /**
     * Presets as configured: name to a query string ({@code w=64&h=64&fit=cover}); a parameter given twice keeps its
     * last value, as in configuration files.
     *
     * @throws IllegalArgumentException naming the preset, if a name or a parameter is invalid
     */
    public static Presets fromQueries(Map<String, String> queries) {
        Map<String, Map<String, String>> presets = new LinkedHashMap<>();
        queries.forEach((name, query) -> {
            Map<String, String> params = new LinkedHashMap<>();
            QueryString.decode(query).forEach((k, v) -> params.put(k, v.get(v.size() - 1)));
            presets.put(name, params);
        });
        return of(presets);
    }

    private static void checkParameters(String name, Map<String, String> parameters) {
        for (String p : parameters.keySet()) {
            if (!ParameterName.isSpec(p) || p.equals(ParameterName.SRC) || p.equals(ParameterName.PRESET)) {
                throw new IllegalArgumentException("preset '" + name + "' sets '" + p
                        + "', but a preset may only set spec parameters other than src and preset");
            }
        }
        try {
            // a preset may place an overlay that the request names (wm_* without wm): checked with a stand-in key
            boolean placesOnly = !parameters.containsKey(ParameterName.WM)
                    && parameters.keySet().stream().anyMatch(p -> p.startsWith(ParameterName.WM + "_"));
            SpecParser.resolve(placesOnly ? Map.of(ParameterName.SRC, "preset-check", ParameterName.WM, "preset-check")
                    : Map.of(ParameterName.SRC, "preset-check"), parameters);
        } catch (InvalidParameterException e) {
            throw new IllegalArgumentException("preset '" + name + "': " + e.getMessage(), e);
        }
    }

    /** The parameters of a preset, looked up case-insensitively. */
    public Optional<Map<String, String>> get(String name) {
        return Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The configured preset names. */
    public Set<String> names() {
        return byName.keySet();
    }
}
