package dev.thumbd.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.thumbd.problem.ProblemType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpecParserTest {
    private static final SpecParser PARSER = SpecParser.standard();

    private static ThumbnailSpec parse(String raw) {
        return PARSER.parse(raw).spec();
    }

    private static InvalidParameterException reject(String raw) {
        return catchThrowableOfType(InvalidParameterException.class, () -> PARSER.parse(raw));
    }

    /** The one message shape, with the parameter named. */
    private static void assertShape(InvalidParameterException e, String parameter) {
        assertThat(e).as("expected a rejection naming %s", parameter).isNotNull();
        assertThat(e.type()).isEqualTo(ProblemType.INVALID_PARAMETER);
        assertThat(e.parameter()).isEqualTo(parameter);
        assertThat(e.detail()).matches("Expected .+ for " + Pattern.quote(parameter) + " but received '.*'");
    }

    @Test
    void parsesEveryParameter() {
        ThumbnailSpec s = parse("src=photos/cat.jpg&w=300&h=200&fit=contain&gravity=focal&fx=0.25&fy=1&dpr=1.5"
                + "&fmt=webp&q=80&bg=%2300ff0080&enlarge=true&blur=2.5&sharpen=0.3&crop=010,20,300,0400&rotate=90"
                + "&flop=1&trim=012");
        assertThat(s).isEqualTo(new ThumbnailSpec("photos/cat.jpg", 300, 200, Fit.CONTAIN, Gravity.FOCAL, 0.25, 1,
                1.5, OutputFormat.WEBP, 80, new Rgba(0, 255, 0, 128), true, 2.5, 0.3, new Crop(10, 20, 300, 400), 90,
                true, 12));
        assertThat(s.canonicalQuery()).isEqualTo("bg=00ff0080&blur=2.5&crop=10%2C20%2C300%2C400&dpr=1.5"
                + "&enlarge=true&fit=contain&flop=true&fmt=webp&fx=0.25&fy=1&gravity=focal&h=200&q=80&rotate=90"
                + "&sharpen=0.3&src=photos/cat.jpg&trim=12&w=300");
    }

    @Test
    void aFlipIsAHalfTurnAndAFlopSoEveryTurnHasOneSpelling() {
        assertThat(parse("src=a&flip=true").canonicalQuery()).isEqualTo("flop=true&rotate=180&src=a");
        assertThat(parse("src=a&flip=1&flop=1")).isEqualTo(parse("src=a&rotate=180"));
        assertThat(parse("src=a&rotate=90&flip=true")).isEqualTo(parse("src=a&rotate=270&flop=true"));
        assertThat(parse("src=a&rotate=180&flip=true&flop=true").canonicalQuery()).isEqualTo("src=a");
        assertThat(parse("src=a&flip=false&flop=0").canonicalQuery())
                .isEqualTo("src=a");
        assertThat(ThumbnailSpec.builder("a").rotate(90).flip(true).build())
                .isEqualTo(parse("src=a&rotate=90&flip=true"));
    }

    @Test
    void aCropIsFourIntegersInsideTheLimits() {
        assertThat(parse("src=a&crop=0,0,1,1").crop()).isEqualTo(new Crop(0, 0, 1, 1));
        assertThat(parse("src=a&crop=1000000,1000000,1000000,1000000").crop().right()).isEqualTo(2_000_000);
        assertThat(parse("src=a&crop=0%2C0%2C5%2C5").canonicalQuery()).isEqualTo("crop=0%2C0%2C5%2C5&src=a");
    }

    @Test
    void frameIsAnIntegerWhoseZeroIsNotTheDefault() {
        assertThat(parse("src=a.gif&frame=0").frame()).isZero();
        assertThat(parse("src=a.gif&frame=0").canonicalQuery()).isEqualTo("frame=0&src=a.gif");
        assertThat(parse("src=a.gif&frame=007").canonicalQuery()).isEqualTo("frame=7&src=a.gif");
        assertThat(parse("src=a.gif").frame()).isEqualTo(ThumbnailSpec.ANIMATION);
        assertThat(parse("src=a.gif").picksFrame()).isFalse();
        assertThat(parse("src=a.gif&frame=0").fingerprint()).isNotEqualTo(parse("src=a.gif").fingerprint());
    }

    @Test
    void appliesDefaults() {
        ThumbnailSpec s = parse("src=a.jpg");
        assertThat(s).isEqualTo(ThumbnailSpec.builder("a.jpg").build());
        assertThat(s.width()).isZero();
        assertThat(s.fit()).isEqualTo(Fit.COVER);
        assertThat(s.gravity()).isEqualTo(Gravity.CENTRE);
        assertThat(s.dpr()).isEqualTo(1);
        assertThat(s.background()).isEqualTo(Rgba.WHITE);
        assertThat(s.canonicalQuery()).isEqualTo("src=a.jpg");
    }

    @ParameterizedTest
    @CsvSource({"JPG,jpeg", "jpeg,jpeg", "Avif,avif", "AUTO,"})
    void normalisesFormatTokens(String given, String canonical) {
        String expected = canonical == null ? "src=a" : "fmt=" + canonical + "&src=a";
        assertThat(parse("src=a&fmt=" + given).canonicalQuery()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"centre,", "CENTER,", "NorthEast,northeast", "smart,smart"})
    void normalisesGravityTokens(String given, String canonical) {
        String expected = canonical == null ? "src=a" : "gravity=" + canonical + "&src=a";
        assertThat(parse("src=a&gravity=" + given).canonicalQuery()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"fff,", "%23FFFFFF,", "ffffffff,", "ABC,aabbcc", "%2312345678,12345678", "000000ff,000000"})
    void normalisesBackgrounds(String given, String canonical) {
        String expected = canonical == null ? "src=a" : "bg=" + canonical + "&src=a";
        assertThat(parse("src=a&bg=" + given).canonicalQuery()).isEqualTo(expected);
    }

    @Test
    void givingFocalCoordinatesWithoutGravityImpliesFocal() {
        assertThat(parse("src=a&fx=0.2").gravity()).isEqualTo(Gravity.FOCAL);
        assertThat(parse("src=a&fy=0.2").focalX()).isEqualTo(0.5);
        assertThat(parse("src=a&fx=0.2").canonicalQuery()).isEqualTo("fx=0.2&gravity=focal&src=a");
        assertThat(parse("src=a&fx=0.5&fy=0.50").canonicalQuery()).isEqualTo("gravity=focal&src=a");
    }

    @Test
    void focalCoordinatesWithAnotherGravityAreAnError() {
        InvalidParameterException e = reject("src=a&gravity=north&fx=0.2");
        assertShape(e, "fx");
        assertThat(e.detail()).isEqualTo("Expected fx only with gravity focal (not north) for fx but received '0.2'");
        assertShape(reject("src=a&gravity=centre&fy=0.5"), "fy");
    }

    @Test
    void signingParametersAreSetAsideForTheSigningLayer() {
        ParsedQuery q = PARSER.parse("src=a&w=10&sig=abc_-&kid=k1&exp=1700000000");
        assertThat(q.signing()).isEqualTo(new SigningParameters(
                java.util.Optional.of("abc_-"), java.util.Optional.of("k1"), java.util.Optional.of("1700000000")));
        assertThat(q.spec().canonicalQuery()).isEqualTo("src=a&w=10");
        assertThat(PARSER.parse("src=a").signing().isEmpty()).isTrue();
    }

    @Test
    void nonSemanticParametersAreDropped() {
        String raw = "src=a&utm_source=x&utm_campaign=&fbclid=1&gclid=2&mc_cid=3&mc_eid=4&_=5";
        assertThat(parse(raw)).isEqualTo(parse("src=a"));
        SpecParser custom = new SpecParser(Presets.NONE, NonSemanticParameters.of(List.of("ref")));
        assertThat(custom.parse("src=a&ref=x&utm_medium=y").spec()).isEqualTo(parse("src=a"));
        assertShape(catchThrowableOfType(InvalidParameterException.class, () -> custom.parse("src=a&fbclid=1")),
                "fbclid");
    }

    @Test
    void unknownParametersAreAnError() {
        InvalidParameterException e = reject("src=a&widht=300");
        assertShape(e, "widht");
        assertThat(e.detail()).contains("src, w, h, fit").endsWith("but received '300'");
        assertShape(reject("src=a&W=300"), "W");
        assertShape(reject("src=a&Utm_source=1"), "Utm_source");
        assertShape(reject("src=a&=1"), "");
    }

    @ParameterizedTest
    @CsvSource({"w", "h", "fit", "src", "sig", "kid", "exp", "utm_source", "_", "preset"})
    void duplicatesAreAnErrorForEveryKindOfParameter(String name) {
        String source = name.equals("src") ? "" : "src=a&";
        InvalidParameterException e = reject(source + name + "=1&" + name + "=1");
        assertShape(e, name);
        assertThat(e.detail()).endsWith("but received '1' and '1'");
    }

    @Test
    void duplicatesListAtMostTwoValues() {
        Map<String, List<String>> query = Map.of("src", List.of("a"), "w", List.of("1", "2", "3", "4"));
        InvalidParameterException e = catchThrowableOfType(InvalidParameterException.class,
                () -> ThumbnailSpec.parse(query));
        assertThat(e.detail()).isEqualTo("Expected a single value for w but received '1' and '2' and 2 more");
    }

    @Test
    void nullAndEmptyValueListsAreHandled() {
        Map<String, List<String>> nullValue = new LinkedHashMap<>();
        nullValue.put("src", List.of("a"));
        nullValue.put("enlarge", Arrays.asList((String) null));
        assertShape(catchThrowableOfType(InvalidParameterException.class, () -> ThumbnailSpec.parse(nullValue)),
                "enlarge");
        Map<String, List<String>> empty = Map.of("src", List.of("a"), "w", new ArrayList<>());
        InvalidParameterException e = catchThrowableOfType(InvalidParameterException.class,
                () -> ThumbnailSpec.parse(empty));
        assertShape(e, "w");
    }

    @Test
    void aMissingSourceIsAnError() {
        InvalidParameterException e = reject("w=300");
        assertShape(e, "src");
        assertThat(e.detail()).endsWith("but received ''");
    }

    @Test
    void theExampleMessage() {
        assertThat(reject("src=a&w=0").detail())
                .isEqualTo("Expected an integer between 1 and 8192 for w but received '0'");
    }

    @Test
    void rangeBoundariesAreInclusive() {
        ThumbnailSpec s = parse("src=a&w=8192&h=1&q=100&dpr=4&blur=1000&sharpen=10&fx=0&fy=1");
        assertThat(s.width()).isEqualTo(8192);
        assertThat(s.height()).isEqualTo(1);
        assertThat(parse("src=a&q=1&dpr=1&blur=0.3&sharpen=0.30").sharpen()).isEqualTo(0.3);
        assertThat(parse("src=a&w=00300").width()).isEqualTo(300);
    }

    @Test
    void sourcesKeepTheirExactText() {
        assertThat(parse("src=a%20b+c%2Fd%C3%A9%F0%9F%98%80%26%3D").source()).isEqualTo("a b c/dé😀&=");
        assertThat(parse("src=" + ("é".repeat(127) + "/").repeat(4) + "x").source()).hasSize(4 * 128 + 1);
        assertThat(parse("src=A.JPG").canonicalQuery()).isEqualTo("src=A.JPG");
    }

    @Test
    void aStorageKeyIsDecodedOnceOnlyAndFollowsTheKeyRule() {
        // %2561 is "%61" after its one decoding: a '%' left is refused, never decoded again into "a"
        assertThatThrownBy(() -> parse("src=x/%2561.jpg")).isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("without a percent sign");
        assertThatThrownBy(() -> parse("src=%2Fa.jpg")).hasMessageContaining("relative storage key");
        assertThatThrownBy(() -> parse("src=a/../b.jpg")).hasMessageContaining(". or ..");
        assertThatThrownBy(() -> parse("src=a%5Cb.jpg")).hasMessageContaining("backslashes");
        assertThat(parse("src=x/%61.jpg").source()).isEqualTo("x/a.jpg");
        assertThat(parse("src=HTTPS://example.com/a%2561.jpg").source()).isEqualTo("HTTPS://example.com/a%61.jpg");
    }

    @Test
    void presetsApplyFirstAndExplicitParametersOverride() {
        Presets presets = Presets.of(Map.of("avatar", Map.of("w", "64", "h", "64", "fmt", "webp", "fx", "0.3")));
        SpecParser parser = new SpecParser(presets, NonSemanticParameters.DEFAULT);
        ThumbnailSpec s = parser.parse("src=a&preset=Avatar&w=128").spec();
        assertThat(s).isEqualTo(ThumbnailSpec.builder("a").width(128).height(64).format(OutputFormat.WEBP)
                .focal(0.3, 0.5).build());
        assertThat(s.canonicalQuery()).doesNotContain("preset").doesNotContain("avatar");
        assertThat(ThumbnailSpec.parse(Map.of("src", List.of("a"), "preset", List.of("avatar")), presets)
                .fingerprint()).isEqualTo(parse("src=a&w=64&h=64&fmt=webp&fx=0.3").fingerprint());
        assertShape(catchThrowableOfType(InvalidParameterException.class,
                () -> parser.parse("src=a&preset=avatar&gravity=north")), "fx");
    }

    @Test
    void anUnknownPresetIsAnError() {
        InvalidParameterException e = reject("src=a&preset=avatar");
        assertShape(e, "preset");
        assertThat(e.detail()).isEqualTo("Expected a configured preset name for preset but received 'avatar'");
    }

    @Test
    void aWholeQueryWithABadEscapeIsRejectedNamingTheParameter() {
        assertShape(reject("src=a&w=%3"), "w");
        assertThatThrownBy(() -> PARSER.parse("src=%ZZ")).isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void aPlaceholderTakesOnlyTheSourceEditsAndFrame() {
        ThumbnailSpec s = parse("src=a.jpg&fmt=LQIP&crop=0,0,10,20&flip=1&frame=0&fit=cover&dpr=1.00&bg=fff");
        assertThat(s.format()).isEqualTo(OutputFormat.LQIP);
        assertThat(s.format().concrete()).contains(ImageFormat.PNG);
        assertThat(s.canonicalQuery()).isEqualTo("crop=0%2C0%2C10%2C20&flop=true&fmt=lqip&frame=0&rotate=180&src=a.jpg");
        assertThat(parse(s.canonicalQuery())).isEqualTo(s);
        assertThat(s.fingerprint()).isNotEqualTo(s.toBuilder().format(OutputFormat.PNG).build().fingerprint());
        for (String other : List.of("w=300", "h=200", "fit=contain", "gravity=north", "fx=0.2", "dpr=2", "q=80",
                "bg=000", "enlarge=true", "blur=2", "sharpen=1", "trim=10", "wm=brand/logo.png")) {
            String name = other.substring(0, other.indexOf('='));
            InvalidParameterException e = reject("src=a.jpg&fmt=lqip&" + other);
            assertShape(e, name);
            assertThat(e.detail()).contains("fmt=lqip").contains("only src, crop, rotate, flip, flop, frame");
        }
        Presets presets = Presets.of(Map.of("card", Map.of("w", "300")));
        assertShape(catchThrowableOfType(InvalidParameterException.class,
                () -> new SpecParser(presets, NonSemanticParameters.DEFAULT).parse("src=a&preset=card&fmt=lqip")), "w");
    }
}
