package dev.thumbd.signing;

import dev.thumbd.spec.QueryString;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The string a signature covers: the request path, {@code ?}, and the canonical query of the spec with {@code exp}
 * and {@code kid} (when present) added in their sorted places. Everything but {@code sig} is covered, so neither
 * the expiry nor the key id can be changed without breaking the signature, and any two spellings of one request
 * share one signature.
 *
 * <pre>
 * /v1/resize?exp=1767225600&amp;fmt=webp&amp;kid=k1&amp;src=photos/cat.jpg&amp;w=300
 * </pre>
 */
public final class SignedString {

    private SignedString() {
    }

    /**
     * @param path           the request path, as sent ({@code /v1/resize})
     * @param canonicalQuery {@code ThumbnailSpec.canonicalQuery()}: sorted {@code name=value} pairs, values encoded
     * @param exp            expiry in unix seconds, if the URL has one
     * @param kid            key id, if the URL names one
     */
    public static String of(String path, String canonicalQuery, OptionalLong exp, Optional<String> kid) {
        List<String> pairs = new ArrayList<>(Arrays.asList(canonicalQuery.split("&")));
        exp.ifPresent(e -> pairs.add("exp=" + e));
        kid.ifPresent(k -> pairs.add("kid=" + QueryString.encode(k, false)));
        pairs.sort(SignedString::byName);
        return path + "?" + String.join("&", pairs);
    }

    /** Orders {@code name=value} pairs by name in ASCII order (names are unique, so values never decide). */
    private static int byName(String a, String b) {
        return name(a).compareTo(name(b));
    }

    private static String name(String pair) {
        int eq = pair.indexOf('=');
        return eq < 0 ? pair : pair.substring(0, eq);
    }
}
