package dev.thumbd.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code thumbd.*} properties of docs/CONFIGURATION.md, to check environment variables against. */
final class DocumentedProperties {

    private final Set<String> flat = new HashSet<>();
    private final String entrypoint;

    DocumentedProperties(Path root) throws IOException {
        Matcher m = Pattern.compile("`(thumbd\\.[a-z0-9.<>-]+)`").matcher(Files.readString(root.resolve("docs/CONFIGURATION.md")));
        while (m.find()) {
            flat.add(m.group(1).replaceAll("<[a-z]+>", "*").replace("-", "").replace(".", "").toLowerCase(Locale.ROOT));
        }
        entrypoint = Files.readString(root.resolve("deploy/docker/entrypoint.sh"));
    }

    /**
     * Whether a {@code THUMBD_*} variable binds to a documented property (Spring's relaxed binding: underscores for
     * dots and dashes, a trailing segment as a map key where the property has {@code <kid>}, a list index where a
     * segment in the middle is {@code <n>}); variables of the
     * container entry point ({@code THUMBD_OTEL}, {@code THUMBD_MAIN}) count as known.
     */
    boolean knows(String variable) {
        if (!variable.startsWith("THUMBD_") || entrypoint.contains(variable)) {
            return true;
        }
        String v = variable.replace("_", "").toLowerCase(Locale.ROOT);
        return flat.contains(v) || flat.stream().anyMatch(d -> d.endsWith("*")
                && v.startsWith(d.substring(0, d.length() - 1)) && v.length() > d.length() - 1)
                || flat.stream().anyMatch(d -> d.indexOf('*') >= 0 && d.indexOf('*') < d.length() - 1
                        && v.matches(Pattern.quote(d.substring(0, d.indexOf('*'))) + "[0-9]+"
                                + Pattern.quote(d.substring(d.indexOf('*') + 1))));
    }
}
