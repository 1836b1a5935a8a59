package dev.thumbd.http;

import org.jspecify.annotations.Nullable;

/**
 * {@code If-None-Match} evaluation (RFC 9110 section 13.1.2): {@code *}, or a list of entity tags compared weakly
 * ({@code W/"x"} matches {@code "x"}). A malformed list matches nothing, so the client gets the full response.
 */
public final class EntityTagMatch {
    private EntityTagMatch() {
    }

    /** Whether {@code ifNoneMatch} matches the current {@code etag} (quoted, strong). */
    public static boolean noneMatchFails(@Nullable String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        String v = ifNoneMatch.trim();
        if (v.equals("*")) {
            return true;
        }
        int i = 0;
        int n = v.length();
        while (i < n) {
            while (i < n && (v.charAt(i) == ' ' || v.charAt(i) == '\t' || v.charAt(i) == ',')) {
                i++;
            }
            if (i >= n) {
                break;
            }
            if (v.startsWith("W/", i)) {
                i += 2;
            }
            if (i >= n || v.charAt(i) != '"') {
                return false;
            }
            int end = v.indexOf('"', i + 1);
            if (end < 0) {
                return false;
            }
            if (v.regionMatches(i, etag, 0, etag.length()) && end + 1 - i == etag.length()) {
                return true;
            }
            i = end + 1;
        }
        return false;
    }
}
