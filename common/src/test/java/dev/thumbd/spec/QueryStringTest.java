package dev.thumbd.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QueryStringTest {
    private static String value(String raw) {
        return QueryString.decode("v=" + raw).get("v").getFirst();
    }

    @Test
    void splitsOnAmpersandAndTheFirstEquals() {
        Map<String, List<String>> q = QueryString.decode("a=1&b=x=y&c&d=&a=2");
        assertThat(q).containsExactly(
                Map.entry("a", List.of("1", "2")), Map.entry("b", List.of("x=y")),
                Map.entry("c", List.of("")), Map.entry("d", List.of("")));
    }

    @Test
    void skipsEmptySegments() {
        assertThat(QueryString.decode("&&a=1&&b=2&")).containsOnlyKeys("a", "b");
        assertThat(QueryString.decode("")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "a+b|a b", "a%20b|a b", "%2B|+", "%2b|+", "%25|%", "%26%3D|&=", "%2F|/", "caf%C3%A9|café",
            "caf%c3%a9|café", "%F0%9F%98%80|😀", "é|é", "日本|日本", "a%2Bb+c|a+b c"})
    void decodesEscapesAndPlus(String raw, String decoded) {
        assertThat(value(raw)).isEqualTo(decoded);
    }

    @Test
    void decodesControlCharactersForTheParserToReject() {
        assertThat(value("%00%0A")).isEqualTo("\u0000\n");
    }

    @Test
    void decodesNames() {
        assertThat(QueryString.decode("%77=1&utm%5Fsource=x")).containsOnlyKeys("w", "utm_source");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%", "%4", "a%", "%zz", "%G1", "%1G", "%-1", "%+1", "%%41", "%\u0661\u0661",
            "%FF", "%C3", "%C3%28", "%C0%AF", "%E0%80%AF", "%ED%A0%80", "%F4%90%80%80", "%80", "\uD800", "a\uDC00"})
    void rejectsMalformedEscapesAndInvalidUtf8(String raw) {
        InvalidParameterException e = catchThrowableOfType(InvalidParameterException.class,
                () -> QueryString.decode("src=" + raw));
        assertThat(e).as(raw).isNotNull();
        assertThat(e.parameter()).isEqualTo("src");
        assertThat(e.detail()).startsWith("Expected a well-formed percent-encoded UTF-8 value for src but received '");
    }

    @Test
    void aMalformedNameIsNamedAsReceived() {
        InvalidParameterException e = catchThrowableOfType(InvalidParameterException.class,
                () -> QueryString.decode("w%4=1"));
        assertThat(e.parameter()).isEqualTo("w%4");
    }

    @Test
    void encodesPerRfc3986() {
        assertThat(QueryString.encode("AZaz09-._~", false)).isEqualTo("AZaz09-._~");
        assertThat(QueryString.encode("a b+c&d=e/f", false)).isEqualTo("a%20b%2Bc%26d%3De%2Ff");
        assertThat(QueryString.encode("a b/c", true)).isEqualTo("a%20b/c");
        assertThat(QueryString.encode("é😀", false)).isEqualTo("%C3%A9%F0%9F%98%80");
        assertThat(QueryString.encode("*'()!%", false)).isEqualTo("%2A%27%28%29%21%25");
        assertThatThrownBy(() -> QueryString.encode("\uD800", false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void encodingThenDecodingIsTheIdentityOnRandomText() {
        Random random = new Random(11);
        for (int i = 0; i < 5_000; i++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(30);
            while (sb.length() < length) {
                int cp = random.nextInt(4) == 0 ? random.nextInt(0x11_0000) : random.nextInt(0x80);
                if (Character.getType(cp) != Character.SURROGATE) {
                    sb.appendCodePoint(cp);
                }
            }
            String text = sb.toString();
            String encoded = QueryString.encode(text, random.nextBoolean());
            assertThat(encoded).matches("([A-Za-z0-9._~/-]|%[0-9A-F]{2})*");
            assertThat(value(encoded)).isEqualTo(text);
            assertThat(encoded.replaceAll("%..", "x").length())
                    .isLessThanOrEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        }
    }
}
