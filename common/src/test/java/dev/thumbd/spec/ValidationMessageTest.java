package dev.thumbd.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every invalid value of every parameter is rejected with the one message shape, naming the parameter. */
class ValidationMessageTest {
    private static final Map<String, List<String>> INVALID = Map.ofEntries(
            Map.entry("w", List.of("0", "8193", "-1", "+1", "1.5", "abc", "", " 1", "1e3", "0x10", "9999999999",
                    "\uFF13\uFF10\uFF10", "NaN")),
            Map.entry("h", List.of("0", "8193", "300px")),
            Map.entry("q", List.of("0", "101", "80.0", "high")),
            Map.entry("fx", List.of("1.1", "-0.1", "0.12345", "NaN", "Infinity", "1e-1", ".5", "5.", "0,5", "")),
            Map.entry("fy", List.of("2", "0.00001")),
            Map.entry("dpr", List.of("0.99", "4.01", "1.234", "2,0", "0", "x2", "2x", "4.001")),
            Map.entry("blur", List.of("0", "0.29", "1000.01", "0.333", "-1")),
            Map.entry("sharpen", List.of("0", "0.2", "10.5", "10.001")),
            Map.entry("frame", List.of("-1", "65536", "1.0", "first", "", "+2")),
            Map.entry("enlarge", List.of("yes", "2", "", "on", "t")),
            Map.entry("crop", List.of("", "0,0,0,10", "0,0,10,0", "1,2,3", "1,2,3,4,5", "-1,0,10,10", "0,0,10,1e3",
                    "0,0,10,10,", ",0,0,10", "0 ,0,10,10", "1000001,0,1,1", "0,0,1000001,1", "0,0,9999999999,1",
                    "0.5,0,1,1", "\uFF11,0,1,1", "0;0;1;1")),
            Map.entry("rotate", List.of("0", "45", "360", "-90", "90.0", "", "right", "450", "0090 ")),
            Map.entry("flip", List.of("yes", "2", "")),
            Map.entry("trim", List.of("0", "256", "-1", "10.5", "", "high")),
            Map.entry("flop", List.of("no", "-1", "")),
            Map.entry("fit", List.of("crop", "", "scale-down", "cover ")),
            Map.entry("gravity", List.of("up", "north east", "north_east", "north-east", "centre ", "")),
            Map.entry("fmt", List.of("gif", "jpe", "tiff", "", "webp2")),
            Map.entry("bg", List.of("ffff", "#12345", "gggggg", "12345678 ", "#", "", "##fff", "rgb(0,0,0)",
                    "\uFF46\uFF46\uFF46")),
            Map.entry("wm", List.of("", "../x", "a/../b", "/abs", "a//b", "x%2561", "a\\b", "https://evil.example/x.png",
                    "HTTP://evil.example/x.png", "x".repeat(1025), "a\u0000b")),
            Map.entry("wm_gravity", List.of("smart", "focal", "up", "", "north east")),
            Map.entry("wm_x", List.of("-1", "8193", "1.5", "", "x")),
            Map.entry("wm_y", List.of("-1", "8193", "+3")),
            Map.entry("wm_scale", List.of("0", "1.01", "0.0001", "-0.5", "", "1e-1")),
            Map.entry("wm_opacity", List.of("0", "1.5", "0.001", "-1", "", "half")),
            Map.entry("src", List.of("", "x".repeat(1025), "a\u0000b", "a\nb", "a\tb", "\u007f", "a\u0085", "\uD800x",
                    "x\uDC00")));

    @Test
    void everyInvalidValueIsRejectedWithTheMessageShape() {
        INVALID.forEach((name, values) -> {
            for (String value : values) {
                Map<String, List<String>> query = name.equals("src")
                        ? Map.of("src", List.of(value))
                        : name.startsWith("wm_")
                        ? Map.of("src", List.of("a"), "wm", List.of("logo.png"), name, List.of(value))
                        : Map.of("src", List.of("a"), name, List.of(value));
                InvalidParameterException e = catchThrowableOfType(InvalidParameterException.class,
                        () -> ThumbnailSpec.parse(query));
                assertThat(e).as("%s=%s", name, value).isNotNull();
                assertThat(e.parameter()).isEqualTo(name);
                assertThat(e.detail()).as("%s=%s", name, value)
                        .matches("Expected [^']+ for " + Pattern.quote(name) + " but received '.*'")
                        .endsWith("'" + InvalidParameterException.echo(value) + "'")
                        .doesNotContain("\n", "\u0000", "\t");
            }
        });
    }

    @Test
    void echoedValuesAreCutAndEscaped() {
        assertThat(InvalidParameterException.echo("a\nb\u0000c")).isEqualTo("a\\u000Ab\\u0000c");
        assertThat(InvalidParameterException.echo("it's a \\ test")).isEqualTo("it\\'s a \\\\ test");
        assertThat(InvalidParameterException.echo("x\u202Ey")).isEqualTo("x\\u202Ey");
        assertThat(InvalidParameterException.echo("\uD800")).isEqualTo("\\uD800");
        assertThat(InvalidParameterException.echo("é😀")).isEqualTo("é😀");
        String longValue = "😀".repeat(200);
        assertThat(InvalidParameterException.echo(longValue))
                .isEqualTo("😀".repeat(InvalidParameterException.ECHO_LIMIT) + "...");
    }

    @Test
    void unknownParameterNamesAreEchoedSafely() {
        String name = "evil\r\nX-Injected: 1" + "z".repeat(100);
        InvalidParameterException e = catchThrowableOfType(InvalidParameterException.class,
                () -> ThumbnailSpec.parse(Map.of("src", List.of("a"), name, List.of("v"))));
        assertThat(e.parameter()).startsWith("evil\\u000D\\u000AX-Injected: 1").endsWith("...")
                .doesNotContain("\r", "\n");
        assertThat(e.detail()).doesNotContain("\r", "\n");
    }
}
