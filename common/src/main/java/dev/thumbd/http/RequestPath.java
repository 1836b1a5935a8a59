package dev.thumbd.http;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/*
 * Design notes
 *
 * A path reaches two parsers: the gateway's (which decides whether a URL needs a signature, an API key, a canonical
 * query) and the resizer's router (Spring's PathPattern, which decodes segments and drops matrix parameters before it
 * matches). When they read one spelling differently, the gateway's checks can be walked around: "/v1/resize;x",
 * "/v1/%72esize", "/v1;a/resize" and "//v1/resize" were "some other path" to the gateway and "/v1/resize" to the
 * resizer. Rather than teach the gateway every decoding rule of every framework downstream, both services accept only
 * paths that every reasonable parser reads the same way, and that have exactly one spelling:
 *
 *   - the encoding of a path is fixed: RFC 3986 "pchar" minus ';' stays literal (unreserved, the sub-delims other
 *     than ';', ':' and '@'), every other UTF-8 byte is %XX with uppercase hex; so a literal character is never
 *     percent-encoded (%72 for 'r'), hex is never lowercase, and ';' (matrix parameters) never appears raw;
 *   - segments are never empty ('//', a trailing '/') and never '.' or '..' (RFC 3986 section 5.2.4 would remove
 *     them, some servers do, some do not);
 *   - the decoded text contains no '/', '\', '%' (an encoded slash, a Windows separator, a second layer of
 *     escaping), no control character, and is well-formed UTF-8 (RFC 3629);
 *   - the path starts with '/' and is at most MAX_BYTES long.
 *
 * Whatever passes is its own canonical form (encode(decode(p)) equals p), so checking is the same as normalising, and
 * the endpoint of a checked path can be read off its raw bytes (Endpoint).
 */

/**
 * The one normal form of request paths. {@link #check} refuses any raw path that is not byte-for-byte canonical with
 * 400 {@code non-canonical-path}; both the gateway (before any other filter) and the resizer apply it.
 */
public final class RequestPath {
    /** Longest raw path accepted. */
    public static final int MAX_BYTES = 4096;

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private RequestPath() {
    }

    /**
     * @param rawPath the path as received (percent-encoded, without the query)
     * @return {@code rawPath} when it is canonical
     * @throws ProblemException {@code non-canonical-path} (400) naming the rule the path breaks
     */
    public static String check(String rawPath) {
        Rule broken = violation(rawPath);
        if (broken != null) {
            throw new ProblemException(ProblemType.NON_CANONICAL_PATH,
                    "The request path must be in canonical form (docs/HTTP.md#paths): " + broken.text + ".");
        }
        return rawPath;
    }

    /** Whether {@code rawPath} is canonical. */
    public static boolean isCanonical(String rawPath) {
        return violation(rawPath) == null;
    }

    /** The canonical spelling of a decoded path (each segment encoded, {@code /} between them kept). */
    public static String encode(String decodedPath) {
        StringBuilder b = new StringBuilder(decodedPath.length() + 16);
        for (byte x : decodedPath.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c == '/' || isLiteral(c)) {
                b.append((char) c);
            } else {
                b.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return b.toString();
    }

    /** The first rule {@code rawPath} breaks, or null when it is canonical. */
    public static @Nullable Rule violation(String rawPath) {
        if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return Rule.RELATIVE;
        }
        if (rawPath.length() > MAX_BYTES) {
            return Rule.TOO_LONG;
        }
        if (rawPath.equals("/")) {
            return null;
        }
        int start = 1;
        while (start <= rawPath.length()) {
            int end = rawPath.indexOf('/', start);
            if (end < 0) {
                end = rawPath.length();
            }
            Rule r = segment(rawPath, start, end);
            if (r != null) {
                return r;
            }
            start = end + 1;
        }
        return null;
    }

    private static @Nullable Rule segment(String raw, int from, int to) {
        if (from == to) {
            return Rule.EMPTY_SEGMENT;
        }
        String s = raw.substring(from, to);
        if (s.equals(".") || s.equals("..")) {
            return Rule.DOT_SEGMENT;
        }
        if (s.indexOf('%') < 0) {   // the common case: plain ASCII, nothing to decode
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == ';') {
                    return Rule.MATRIX;
                }
                if (c >= 0x80 || !isLiteral(c)) {
                    return Rule.UNENCODED;
                }
            }
            return null;
        }
        ByteBuffer bytes = ByteBuffer.allocate(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < s.length() ? hex(s.charAt(i + 1)) : -1;
                int lo = i + 2 < s.length() ? hex(s.charAt(i + 2)) : -1;
                if (hi < 0 || lo < 0) {
                    return Rule.ESCAPE;
                }
                int b = hi << 4 | lo;
                if (isLiteral(b)) {
                    return Rule.ENCODED_LITERAL;
                }
                if (b == '/' || b == '\\' || b == '%') {
                    return Rule.ENCODED_SEPARATOR;
                }
                if (b < 0x20 || b == 0x7f) {
                    return Rule.CONTROL;
                }
                bytes.put((byte) b);
                i += 2;
            } else if (c == ';') {
                return Rule.MATRIX;
            } else if (c >= 0x80 || !isLiteral(c)) {
                return Rule.UNENCODED;
            } else {
                bytes.put((byte) c);
            }
        }
        try {
            String decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes.flip()).toString();
            for (int i = 0; i < decoded.length(); i++) {
                if (Character.isISOControl(decoded.charAt(i))) {
                    return Rule.CONTROL;
                }
            }
        } catch (CharacterCodingException e) {
            return Rule.UTF8;
        }
        return null;
    }

    /** Upper-case hex digit value, or -1 (lower-case hex is not canonical). */
    private static int hex(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    /** RFC 3986 pchar characters that stay literal: unreserved, sub-delims but ';', ':' and '@'. */
    private static boolean isLiteral(int c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                || c == '-' || c == '.' || c == '_' || c == '~'
                || c == '!' || c == '$' || c == '&' || c == '\'' || c == '(' || c == ')' || c == '*' || c == '+'
                || c == ',' || c == '=' || c == ':' || c == '@';
    }

    /** The rules, each with the text of its refusal. */
    public enum Rule {
        RELATIVE("it must start with /"),
        TOO_LONG("it must be at most " + MAX_BYTES + " characters"),
        EMPTY_SEGMENT("no empty segment (// or a trailing /)"),
        DOT_SEGMENT("no . or .. segment"),
        MATRIX("no ; (matrix parameters)"),
        ESCAPE("every % followed by two upper-case hex digits"),
        ENCODED_LITERAL("no percent-encoded letter, digit or other character that is spelled literally"),
        ENCODED_SEPARATOR("no encoded /, \\ or %"),
        CONTROL("no control characters"),
        UNENCODED("characters other than letters, digits and -._~!$&'()*+,=:@ percent-encoded"),
        UTF8("percent-escapes of well-formed UTF-8");

        private final String text;

        Rule(String text) {
            this.text = text;
        }

        /** The refusal's wording. */
        public String text() {
            return text;
        }
    }
}
