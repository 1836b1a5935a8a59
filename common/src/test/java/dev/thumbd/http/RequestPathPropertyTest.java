package dev.thumbd.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.key.ObjectKey;
import dev.thumbd.spec.InvalidParameterException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random spellings of thumbd's paths, built from the fragments attackers use (matrix parameters, escapes of letters,
 * lower-case hex, empty and dot segments, encoded separators, backslashes, NUL, overlong UTF-8). The invariant: every
 * path that a lenient server would read as a protected endpoint (decoding each segment once, dropping matrix
 * parameters and empty segments, resolving dot segments: what Spring's router and most proxies do) is either that
 * endpoint's one canonical spelling, or refused by {@link RequestPath}. And whatever is accepted is its own canonical
 * form and names the same endpoint and the same storage key both ways.
 */
class RequestPathPropertyTest {

    private static final List<String> SEGMENTS = List.of("v1", "resize", "info", "srcset", "purge", "images",
            "admin", "cat.jpg", "a", "é", "%C3%A9", "%c3%a9", "%72esize", "r%65size", "resize;x", "v1;a", ";", "",
            ".", "..", "%2E", "%2e%2e", "%2F", "%2f", "%5C", "\\", "%00", "%25", "%2572", "%C0%AE", "%FF", "a+b",
            "a%20b", "a b", "~", "%7E", "x(1)", "%3B", "a:b", "%", "%2", "resize%00", "resize%20", "RESIZE", "%F0%9F%98%80");
    private static final List<String> PROTECTED = List.of("/v1/resize", "/v1/info", "/v1/srcset", "/v1/purge");

    @Test
    void noSpellingOfAProtectedEndpointButItsOwnIsAccepted() {
        Random random = new Random(0x9a7b5L);
        int accepted = 0;
        int aliases = 0;
        for (int i = 0; i < 200_000; i++) {
            String raw = randomPath(random);
            String lenient = lenientReading(raw);
            boolean ok = RequestPath.isCanonical(raw);
            if (lenient != null && PROTECTED.contains(lenient)) {
                if (!raw.equals(lenient)) {
                    aliases++;
                    assertThat(ok).as("alias %s of %s", raw, lenient).isFalse();
                }
            }
            if (ok) {
                accepted++;
                assertThat(RequestPath.encode(lenient)).as(raw).isEqualTo(raw);
                assertThat(Endpoint.of(raw)).as(raw).isEqualTo(Endpoint.of(lenient));
                if (Endpoint.of(raw) == Endpoint.IMAGES) {
                    sameKeyBothWays(raw.substring(Endpoint.IMAGES_PREFIX.length()));
                }
            }
        }
        assertThat(accepted).isGreaterThan(1_000);
        assertThat(aliases).isGreaterThan(1_000);
    }

    /** The key of {@code /v1/images/{key}} (decoded once from the path) is the key {@code src} names in a query. */
    private static void sameKeyBothWays(String rawKey) {
        ObjectKey fromPath;
        try {
            fromPath = ObjectKey.parse(rawKey, "key");
        } catch (InvalidParameterException e) {
            return;
        }
        assertThat(fromPath.value()).doesNotContain("%");
        assertThat(ObjectKey.of(fromPath.value())).isEqualTo(fromPath);
        assertThat(RequestPath.encode(fromPath.value())).isEqualTo(rawKey);
    }

    private static String randomPath(Random random) {
        StringBuilder b = new StringBuilder();
        if (random.nextInt(10) == 0) {
            b.append('/');
        }
        int n = 1 + random.nextInt(4);
        String[] base = PROTECTED.get(random.nextInt(PROTECTED.size())).substring(1).split("/");
        for (int i = 0; i < n; i++) {
            b.append('/');
            b.append(random.nextInt(3) == 0 && i < base.length ? base[i]
                    : SEGMENTS.get(random.nextInt(SEGMENTS.size())));
        }
        if (random.nextInt(8) == 0) {
            b.append('/');
        }
        return b.toString();
    }

    /**
     * How a lenient server reads a path: matrix parameters cut from each segment, each segment percent-decoded once
     * (lenient: a broken escape is kept as it is), empty and {@code .} segments dropped, {@code ..} removing the one
     * before. Null when the bytes are not UTF-8.
     */
    static String lenientReading(String raw) {
        List<String> out = new ArrayList<>();
        for (String segment : raw.split("/", -1)) {
            int semi = segment.indexOf(';');
            String s = decodeLeniently(semi < 0 ? segment : segment.substring(0, semi));
            if (s == null) {
                return null;
            }
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (!out.isEmpty()) {
                    out.removeLast();
                }
                continue;
            }
            out.add(s);
        }
        return "/" + String.join("/", out);
    }

    private static String decodeLeniently(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
            int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
            if (c == '%' && hi >= 0 && lo >= 0) {
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }
}
