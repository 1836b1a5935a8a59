package dev.thumbd.key;

import dev.thumbd.spec.InvalidParameterException;
import dev.thumbd.spec.ParameterName;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/*
 * Design notes
 *
 * A key ends up as a path on disk (the filesystem store) and as an S3 object name, so it must mean the same thing
 * to both and must never climb out of the store's root. The classic escapes are dot segments (RFC 3986 section
 * 3.3), an absolute path, a Windows separator, a NUL that truncates a native path, and the same things hidden
 * behind one or two layers of percent-encoding (CWE-22, CWE-174 "double decoding"). The rule is therefore: decode
 * percent-escapes exactly once (strictly: a broken escape or invalid UTF-8 is an error), then refuse anything that
 * could still be decoded again (a remaining '%'), and check the decoded text segment by segment.
 *
 * A valid key contains no '%', so parsing it again gives the same key: parse(k.value()) equals k. That makes the
 * rule safe to apply at every layer.
 *
 * Where the text was already decoded once (a query parameter such as src, decoded by QueryString), of() validates
 * without decoding: src=x/%2561.jpg is the text "x/%61.jpg" after its one decoding, which is refused (a '%' left),
 * never read as "x/a.jpg". Raw path text (/v1/images/{key}) goes through parse(), which decodes it once. Either way
 * the key's value() is the decoded text every cache, purge, ETag and fingerprint is keyed on.
 *
 * Lengths are in UTF-8 bytes: 1024 is S3's key limit, 255 is NAME_MAX for a path component on Linux filesystems
 * (linux/limits.h), so a valid key is also a valid relative path there.
 */

/**
 * A validated, decoded object key such as {@code photos/2024/cat.jpg}: one or more {@code /}-separated segments,
 * none empty, none {@code .} or {@code ..}, with no backslash, control character, NUL or {@code %}, at most
 * {@value #MAX_BYTES} UTF-8 bytes long with segments of at most {@value #MAX_SEGMENT_BYTES} bytes.
 */
public final class ObjectKey implements Comparable<ObjectKey> {
    /** Longest key in UTF-8 bytes (the S3 limit). */
    public static final int MAX_BYTES = 1024;
    /** Longest segment in UTF-8 bytes ({@code NAME_MAX} in {@code linux/limits.h}). */
    public static final int MAX_SEGMENT_BYTES = 255;

    private final String value;

    private ObjectKey(String value) {
        this.value = value;
    }

    /**
     * Decodes {@code raw} once and validates it, naming {@code src} in the error.
     *
     * @throws InvalidParameterException if the key is malformed or could escape a root directory
     */
    public static ObjectKey parse(String raw) {
        return parse(raw, ParameterName.SRC);
    }

    /**
     * Decodes {@code raw} once and validates it.
     *
     * @param parameter the request parameter the key came from, named in the error
     * @throws InvalidParameterException with detail {@code Expected <rule> for <parameter> but received '<raw>'}
     */
    public static ObjectKey parse(String raw, String parameter) {
        if (raw.length() > 3 * MAX_BYTES) {
            throw invalid(parameter, Rule.TOO_LONG, raw);
        }
        String decoded = decode(raw, parameter);
        Rule broken = check(decoded);
        if (broken != null) {
            throw invalid(parameter, broken, raw);
        }
        return new ObjectKey(decoded);
    }

    /**
     * Validates text that was already decoded once (a query parameter's value): nothing is decoded again, and a
     * {@code %} in it is refused like any other broken rule.
     *
     * @param parameter the request parameter the key came from, named in the error
     * @throws InvalidParameterException with detail {@code Expected <rule> for <parameter> but received '<decoded>'}
     */
    public static ObjectKey of(String decoded, String parameter) {
        Rule broken = decoded.length() > 3 * MAX_BYTES ? Rule.TOO_LONG : check(decoded);
        if (broken != null) {
            throw invalid(parameter, broken, decoded);
        }
        return new ObjectKey(decoded);
    }

    /** {@link #of(String, String)} naming {@code src}. */
    public static ObjectKey of(String decoded) {
        return of(decoded, ParameterName.SRC);
    }

    /**
     * Whether a source names a remote URL ({@code http://} or {@code https://}, any case) rather than a storage key:
     * the one rule both services use to tell them apart.
     */
    public static boolean isUrl(String source) {
        return source.regionMatches(true, 0, "https://", 0, 8) || source.regionMatches(true, 0, "http://", 0, 7);
    }

    /**
     * Checks a listing prefix: the empty string, or text that a valid key may start with (for example
     * {@code photos/} or {@code photos/ca}). Prefixes are not percent-decoded.
     *
     * @return the prefix unchanged
     * @throws InvalidParameterException naming {@code prefix}
     */
    public static String checkPrefix(String prefix) {
        if (prefix.isEmpty()) {
            return prefix;
        }
        Rule broken = prefix.indexOf('%') >= 0 ? Rule.PERCENT : check(prefix + "x");
        if (broken != null) {
            throw invalid("prefix", broken, prefix);
        }
        return prefix;
    }

    /** The decoded key, for example {@code photos/cat.jpg}. */
    public String value() {
        return value;
    }

    /** The segments between the slashes, in order. */
    public List<String> segments() {
        return List.of(value.split("/", -1));
    }

    /** The last segment, for example {@code cat.jpg}. */
    public String name() {
        return value.substring(value.lastIndexOf('/') + 1);
    }

    /**
     * The key as a path under {@code root}, built segment by segment. For every valid key the result is strictly
     * inside {@code root} lexically; symbolic links are the caller's concern.
     */
    public Path resolveIn(Path root) {
        Path p = root;
        for (String segment : segments()) {
            p = p.resolve(segment);
        }
        return p;
    }

    @Override
    public int compareTo(ObjectKey other) {
        return value.compareTo(other.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObjectKey k && k.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }

    /** The first rule {@code key} breaks, or null. */
    private static @Nullable Rule check(String key) {
        if (key.isEmpty()) {
            return Rule.EMPTY;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c) && !validSurrogateAt(key, i)) {
                return Rule.CONTROL;
            }
            if (c == '\\') {
                return Rule.BACKSLASH;
            }
            if (c == '%') {
                return Rule.PERCENT;
            }
        }
        if (key.charAt(0) == '/') {
            return Rule.ABSOLUTE;
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return Rule.TOO_LONG;
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty()) {
                return Rule.EMPTY_SEGMENT;
            }
            if (segment.equals(".") || segment.equals("..")) {
                return Rule.DOT_SEGMENT;
            }
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                return Rule.SEGMENT_TOO_LONG;
            }
        }
        return null;
    }

    private static boolean validSurrogateAt(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /** Strict single percent-decoding: {@code %XX} is one byte, the bytes must be well-formed UTF-8. */
    private static String decode(String raw, String parameter) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteBuffer bytes = ByteBuffer.allocate(raw.length() * 3);
        for (int i = 0; i < raw.length(); ) {
            char c = raw.charAt(i);
            if (c == '%') {
                int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int lo = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0 || !isAsciiHex(raw.charAt(i + 1)) || !isAsciiHex(raw.charAt(i + 2))) {
                    throw invalid(parameter, Rule.ENCODING, raw);
                }
                bytes.put((byte) (hi << 4 | lo));
                i += 3;
            } else {
                int cp = raw.codePointAt(i);
                if (Character.getType(cp) == Character.SURROGATE) {
                    throw invalid(parameter, Rule.ENCODING, raw);
                }
                bytes.put(Character.toString(cp).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes.flip())
                    .toString();
        } catch (CharacterCodingException e) {
            throw invalid(parameter, Rule.ENCODING, raw);
        }
    }

    private static boolean isAsciiHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static InvalidParameterException invalid(String parameter, Rule rule, String raw) {
        return new InvalidParameterException(parameter, rule.expectation, raw);
    }

    /** The rules, each with the expectation text of its error. */
    private enum Rule {
        EMPTY("a non-empty storage key"),
        ENCODING("a storage key with well-formed percent-escapes of UTF-8"),
        CONTROL("a storage key without control characters"),
        BACKSLASH("a storage key without backslashes"),
        PERCENT("a storage key without a percent sign after decoding"),
        ABSOLUTE("a relative storage key (not starting with /)"),
        TOO_LONG("a storage key of at most " + MAX_BYTES + " UTF-8 bytes"),
        EMPTY_SEGMENT("a storage key without empty segments (no // and no trailing /)"),
        DOT_SEGMENT("a storage key without . or .. segments"),
        SEGMENT_TOO_LONG("a storage key with segments of at most " + MAX_SEGMENT_BYTES + " UTF-8 bytes");

        private final String expectation;

        Rule(String expectation) {
            this.expectation = expectation;
        }
    }
}
