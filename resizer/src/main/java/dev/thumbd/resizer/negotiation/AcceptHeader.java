package dev.thumbd.resizer.negotiation;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The few facts thumbd needs from an HTTP {@code Accept} header (RFC 9110 section 12.5.1): whether {@code image/avif}
 * and {@code image/webp} are acceptable. A type counts only when it is named explicitly with a q-value above zero:
 * browsers send {@code image/*} and {@code *}{@code /*} without being able to decode every image type, so wildcards
 * never select AVIF or WebP (imgproxy and thumbor decide the same way). Malformed members are skipped, never an error.
 *
 * @param avif whether {@code image/avif} is named with {@code q > 0}
 * @param webp whether {@code image/webp} is named with {@code q > 0}
 */
public record AcceptHeader(boolean avif, boolean webp) {

    /** Longest header examined; a longer one is read up to this length (browsers send under 200 characters). */
    static final int MAX_LENGTH = 4096;

    public static final AcceptHeader NONE = new AcceptHeader(false, false);

    /** RFC 9110 qvalue: {@code 0[.ddd]} or {@code 1[.000]}. */
    private static final java.util.regex.Pattern QVALUE = java.util.regex.Pattern.compile("0(\\.\\d{0,3})?|1(\\.0{0,3})?");

    /** Parses an {@code Accept} value; null or blank accepts neither. */
    public static AcceptHeader parse(@Nullable String header) {
        if (header == null || header.isBlank()) {
            return NONE;
        }
        String value = header.length() > MAX_LENGTH ? header.substring(0, MAX_LENGTH) : header;
        boolean avif = false;
        boolean webp = false;
        for (String member : value.split(",")) {
            int semi = member.indexOf(';');
            String type = (semi < 0 ? member : member.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
            boolean isAvif = type.equals("image/avif");
            boolean isWebp = type.equals("image/webp");
            if (!isAvif && !isWebp) {
                continue;
            }
            if (semi >= 0 && quality(member.substring(semi + 1)) <= 0) {
                continue;
            }
            avif |= isAvif;
            webp |= isWebp;
        }
        return new AcceptHeader(avif, webp);
    }

    /** The {@code q} parameter among {@code ;}-separated parameters; 1 when absent, 0 when malformed. */
    private static double quality(String parameters) {
        for (String p : parameters.split(";")) {
            int eq = p.indexOf('=');
            if (eq < 0 || !p.substring(0, eq).trim().equalsIgnoreCase("q")) {
                continue;
            }
            String q = p.substring(eq + 1).trim();
            if (!QVALUE.matcher(q).matches()) {
                return 0;
            }
            return Double.parseDouble(q);
        }
        return 1;
    }
}
