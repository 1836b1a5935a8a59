package dev.thumbd.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.thumbd.problem.ProblemType;
import dev.thumbd.spec.InvalidParameterException;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ObjectKeyTest {

    @Test
    void acceptsOrdinaryKeysAndDecodesOnce() {
        assertThat(ObjectKey.parse("photos/cat.jpg").value()).isEqualTo("photos/cat.jpg");
        assertThat(ObjectKey.parse("my%20photos/caf%C3%A9.jpg").value()).isEqualTo("my photos/café.jpg");
        assertThat(ObjectKey.parse("a+b/...jpg").value()).isEqualTo("a+b/...jpg");
        assertThat(ObjectKey.parse("photos%2Fcat.jpg").segments()).containsExactly("photos", "cat.jpg");
        assertThat(ObjectKey.parse("photos/cat.jpg").name()).isEqualTo("cat.jpg");
        assertThat(ObjectKey.parse("😀/x")).isEqualTo(ObjectKey.parse("%F0%9F%98%80/x"));
    }

    @Test
    void lengthsCountUtf8Bytes() {
        String segment = "é".repeat(127) + "x";
        assertThat(ObjectKey.parse(segment).value()).hasSize(128);
        assertThat(rejection(segment + "x")).contains("segments of at most 255 UTF-8 bytes");
        String longKey = ("x".repeat(254) + "/").repeat(4) + "y".repeat(1024 - 4 * 255);
        assertThat(ObjectKey.parse(longKey).value()).hasSize(1024);
        assertThat(rejection(longKey + "y")).contains("at most 1024 UTF-8 bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "..", ".", "../etc/passwd", "a/../../b", "a/./b", "a/..", "/etc/passwd", "a//b",
            "a/", "a\\..\\b", "..\\x", "%2e%2e/x", "%2E%2E%2Fx", "a/%2e", "%2fetc", "%252e%252e/x", "a%25b",
            "a%00b", "a\u0000b", "a\nb", "a%0Ab", "%", "a%2", "a%zz", "a%C3", "%C0%AE%C0%AE/x", "%ED%A0%80",
            "x\uD800", "\uDC00x", "a%5Cb", "a\u0085b", "%E2%80%8F%2E%2E/x/%2E%2E"})
    void refusesHostileKeys(String raw) {
        InvalidParameterException e = catchThrowableOfType(InvalidParameterException.class,
                () -> ObjectKey.parse(raw));
        assertThat(e).as(raw).isNotNull();
        assertThat(e.type()).isEqualTo(ProblemType.INVALID_PARAMETER);
        assertThat(e.parameter()).isEqualTo("src");
        assertThat(e.detail()).matches("Expected [^']+ for src but received '.*'");
    }

    @Test
    void messagesNameTheRule() {
        assertThat(rejection("a/../b")).isEqualTo("Expected a storage key without . or .. segments for src"
                + " but received 'a/../b'");
        assertThat(rejection("%252e")).startsWith("Expected a storage key without a percent sign after decoding");
        assertThat(rejection("/a")).startsWith("Expected a relative storage key");
        assertThat(rejection("a\\b")).startsWith("Expected a storage key without backslashes");
        assertThat(rejection("a%zz")).startsWith("Expected a storage key with well-formed percent-escapes");
        assertThat(rejection("a//b")).startsWith("Expected a storage key without empty segments");
        assertThat(rejection("a\u0000")).startsWith("Expected a storage key without control characters")
                .endsWith("'a\\u0000'");
        InvalidParameterException e = catchThrowableOfType(InvalidParameterException.class,
                () -> ObjectKey.parse("..", "key"));
        assertThat(e.parameter()).isEqualTo("key");
    }

    @Test
    void parsingAValidKeyAgainGivesTheSameKey() {
        ObjectKey k = ObjectKey.parse("a%20b/c%2Bd");
        assertThat(ObjectKey.parse(k.value())).isEqualTo(k);
    }

    @Test
    void resolvesSegmentBySegment() {
        Path root = Path.of("/srv/data");
        assertThat(ObjectKey.parse("a/b.jpg").resolveIn(root)).isEqualTo(Path.of("/srv/data/a/b.jpg"));
    }

    @Test
    void prefixesMayEndInASlashOrMidSegment() {
        assertThat(ObjectKey.checkPrefix("")).isEmpty();
        assertThat(ObjectKey.checkPrefix("photos/")).isEqualTo("photos/");
        assertThat(ObjectKey.checkPrefix("photos/ca")).isEqualTo("photos/ca");
        for (String bad : new String[] {"../", "/", "a//", "a%2F", "a\\", "./"}) {
            InvalidParameterException e = catchThrowableOfType(InvalidParameterException.class,
                    () -> ObjectKey.checkPrefix(bad));
            assertThat(e).as(bad).isNotNull();
            assertThat(e.parameter()).isEqualTo("prefix");
        }
    }

    private static String rejection(String raw) {
        InvalidParameterException e = catchThrowableOfType(InvalidParameterException.class,
                () -> ObjectKey.parse(raw));
        assertThat(e).as(raw).isNotNull();
        return e.detail();
    }
}
