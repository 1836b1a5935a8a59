package dev.thumbd.resizer.jobs;

import dev.thumbd.spec.ImageFormat;
import dev.thumbd.spec.InvalidParameterException;
import dev.thumbd.spec.OutputFormat;
import dev.thumbd.spec.ParameterName;
import dev.thumbd.spec.QueryString;
import dev.thumbd.spec.SpecParser;
import dev.thumbd.spec.ThumbnailSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A named set of variants, from configuration ({@code thumbd.jobs.variant-sets.avatar=widths=64,128,256&formats=webp,avif&h=64&fit=cover}):
 * every width in every format, with any other {@code /v1/resize} parameter except {@code src}, {@code w} and
 * {@code fmt}, as {@code /v1/srcset} takes them. The thumbnails of one original are specs parsed by the same
 * {@link SpecParser} as a request's, so a rendered variant has the fingerprint (the cache key) the matching
 * {@code /v1/resize} URL has.
 *
 * @param name       the set's name
 * @param definition the query it was defined with (part of a job's id: a changed set is another job)
 */
public record VariantSet(String name, String definition, Map<String, List<String>> parameters, List<Integer> widths,
        List<ImageFormat> formats) {

    static final int MAX_WIDTHS = 16;

    public VariantSet {
        parameters = Map.copyOf(parameters);
        widths = List.copyOf(widths);
        formats = List.copyOf(formats);
    }

    /** Parses and checks a definition (at start: a bad one stops the service with the set's name). */
    public static VariantSet parse(String name, String definition, SpecParser parser) {
        if (!name.matches("[a-z0-9][a-z0-9-]{0,31}")) {
            throw new IllegalArgumentException("variant set name '" + name + "': lowercase letters, digits, '-'");
        }
        Map<String, List<String>> query = new LinkedHashMap<>(QueryString.decode(definition));
        List<String> w = query.remove("widths");
        List<String> f = query.remove("formats");
        for (String forbidden : List.of(ParameterName.SRC, ParameterName.W, ParameterName.FMT)) {
            if (query.containsKey(forbidden)) {
                throw new IllegalArgumentException("variant set '" + name + "' may not set " + forbidden);
            }
        }
        if (w == null || w.size() != 1 || f == null || f.size() != 1) {
            throw new IllegalArgumentException("variant set '" + name + "' needs widths= and formats= once each");
        }
        VariantSet set = new VariantSet(name, definition, query, widths(w.getFirst()), formats(f.getFirst()));
        set.specs("check.jpg", parser);   // every other parameter must parse as a request's would
        return set;
    }

    /** The variants of the original under {@code key}, in canonical form. */
    public List<ThumbnailSpec> specs(String key, SpecParser parser) {
        Map<String, List<String>> query = new LinkedHashMap<>(parameters);
        query.put(ParameterName.SRC, List.of(key));
        ThumbnailSpec base = parser.parse(query).spec();
        ThumbnailSpec atFirst = base.toBuilder().width(widths.getFirst()).build();
        List<ThumbnailSpec> out = new ArrayList<>(widths.size() * formats.size());
        for (ImageFormat f : formats) {
            for (int width : widths) {
                out.add(atFirst.atWidth(width).toBuilder().format(OutputFormat.fromToken(f.token()).orElseThrow())
                        .build());
            }
        }
        return out;
    }

    /** How many variants one original has. */
    public int size() {
        return widths.size() * formats.size();
    }

    static List<Integer> widths(String value) {
        String[] parts = value.split(",", -1);
        List<Integer> out = new ArrayList<>();
        for (String p : parts) {
            if (!p.matches("[1-9][0-9]{0,3}") || parts.length > MAX_WIDTHS) {
                throw new InvalidParameterException("widths", "1 to " + MAX_WIDTHS + " widths between 1 and 8192", value);
            }
            int w = Integer.parseInt(p);
            if (w > 8192 || out.contains(w)) {
                throw new InvalidParameterException("widths", "distinct widths between 1 and 8192", value);
            }
            out.add(w);
        }
        return out;
    }

    static List<ImageFormat> formats(String value) {
        List<ImageFormat> out = new ArrayList<>();
        for (String p : value.split(",", -1)) {
            ImageFormat f = ImageFormat.fromToken(p).filter(ImageFormat::isOutput).orElseThrow(
                    () -> new InvalidParameterException("formats", "distinct formats among avif, webp, jpeg, png", value));
            if (out.contains(f)) {
                throw new InvalidParameterException("formats", "distinct formats among avif, webp, jpeg, png", value);
            }
            out.add(f);
        }
        return out;
    }
}
