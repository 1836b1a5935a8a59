package dev.thumbd.spec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/*
 * Design notes
 *
 * Gateway and resizer must turn the same raw query into the same parameters, so both should decode it here rather
 * than trust whatever their HTTP framework does (frameworks differ on '+', on a name without '=', and on broken
 * escapes, which some pass through literally). The rules are those of application/x-www-form-urlencoded
 * (WHATWG URL standard, section 5.1) made strict: '&' separates parameters, the first '=' separates name and
 * value, '+' is a space, '%XX' is one byte, and the bytes must be well-formed UTF-8 (RFC 3629: no overlong forms,
 * no encoded surrogates). Where the standard substitutes U+FFFD or keeps a broken escape, we reject instead: two
 * spellings that decode to the same text would otherwise sign or cache differently than they read.
 *
 * Encoding is RFC 3986 section 2: the unreserved characters ALPHA / DIGIT / "-" / "." / "_" / "~" stay, every
 * other UTF-8 byte becomes %XX with uppercase hex (section 2.1 recommends uppercase).
 */

/** Strict decoding of raw query strings and RFC 3986 encoding of canonical values. */
public final class QueryString {
    private static final String EXPECTATION = "a well-formed percent-encoded UTF-8 value";
    private static final char[] HEX_DIGITS = "0123456789ABCDEF".toCharArray();

    private QueryString() {
    }

    /**
     * Decodes a raw query (the part after {@code ?}, without it) into parameters in order of first appearance, each
     * with every value it was given (so that the parser can reject duplicates). Empty segments ({@code a=1&&b=2},
     * a trailing {@code &}) are skipped; a segment without {@code =} has the empty value.
     *
     * @throws InvalidParameterException on a malformed escape or invalid UTF-8, naming the parameter
     */
    public static Map<String, List<String>> decode(String rawQuery) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        for (String segment : rawQuery.split("&", -1)) {
            if (segment.isEmpty()) {
                continue;
            }
            int eq = segment.indexOf('=');
            String rawName = eq < 0 ? segment : segment.substring(0, eq);
            String rawValue = eq < 0 ? "" : segment.substring(eq + 1);
            String name = decodeComponent(rawName, rawName);
            String value = decodeComponent(rawValue, name);
            result.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        result.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return Collections.unmodifiableMap(result);
    }

    /** Decodes one name or value; {@code parameter} names it in the error. */
    static String decodeComponent(String raw, String parameter) {
        if (raw.chars().allMatch(c -> c < 0x80 && c != '%' && c != '+')) {
            return raw;
        }
        byte[] bytes = new byte[raw.length() * 3];
        int n = 0;
        for (int i = 0; i < raw.length(); ) {
            char c = raw.charAt(i);
            if (c == '%') {
                int hi = i + 2 < raw.length() ? hexValue(raw.charAt(i + 1)) : -1;
                int lo = i + 2 < raw.length() ? hexValue(raw.charAt(i + 2)) : -1;
                if (hi < 0 || lo < 0) {
                    throw new InvalidParameterException(parameter, EXPECTATION, raw);
                }
                bytes[n++] = (byte) (hi << 4 | lo);
                i += 3;
            } else if (c == '+') {
                bytes[n++] = ' ';
                i++;
            } else {
                int cp = raw.codePointAt(i);
                if (Character.getType(cp) == Character.SURROGATE) {
                    throw new InvalidParameterException(parameter, EXPECTATION, raw);
                }
                byte[] utf8 = Character.toString(cp).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(utf8, 0, bytes, n, utf8.length);
                n += utf8.length;
                i += Character.charCount(cp);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, n))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidParameterException(parameter, EXPECTATION, raw);
        }
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /**
     * Percent-encodes a value per RFC 3986: unreserved characters stay, every other UTF-8 byte becomes {@code %XX}
     * (uppercase). With {@code keepSlash}, {@code /} also stays (for {@code src}, so keys read as paths).
     *
     * @throws IllegalArgumentException if the value contains a lone surrogate (it has no UTF-8 form)
     */
    public static String encode(String value, boolean keepSlash) {
        StringBuilder sb = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.getType(cp) == Character.SURROGATE) {
                throw new IllegalArgumentException("lone surrogate at index " + (i - 1));
            }
            if (isUnreserved(cp) || keepSlash && cp == '/') {
                sb.append((char) cp);
                continue;
            }
            for (byte b : Character.toString(cp).getBytes(StandardCharsets.UTF_8)) {
                sb.append('%').append(HEX_DIGITS[(b >> 4) & 0xf]).append(HEX_DIGITS[b & 0xf]);
            }
        }
        return sb.toString();
    }

    /**
     * The one spelling of decoded parameters ({@link #decode} output): {@code name=value} pairs in the given order,
     * names and values encoded as {@link #encode} does ({@code /} kept in {@code src}), joined with {@code &}. For any
     * query {@code q} that decodes, {@code decode(encode(decode(q)))} equals {@code decode(q)}: what a gateway passes
     * on in this form, a resizer reads as the gateway did.
     */
    public static String encode(Map<String, List<String>> parameters) {
        StringBuilder b = new StringBuilder();
        parameters.forEach((name, values) -> {
            for (String v : values) {
                if (!b.isEmpty()) {
                    b.append('&');
                }
                b.append(encode(name, false)).append('=').append(encode(v, name.equals(ParameterName.SRC)));
            }
        });
        return b.toString();
    }

    private static boolean isUnreserved(int c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
