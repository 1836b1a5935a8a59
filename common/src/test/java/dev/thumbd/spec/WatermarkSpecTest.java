package dev.thumbd.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.thumbd.signing.SignedString;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code wm} and its companions through the one parser, canonical form and fingerprint. */
class WatermarkSpecTest {
    private static final SpecParser PARSER = SpecParser.standard();

    private static ThumbnailSpec parse(String raw) {
        return PARSER.parse(raw).spec();
    }

    @Test
    void parsesEveryOverlayParameter() {
        ThumbnailSpec s = parse("src=a.jpg&w=300&wm=brand/logo.png&wm_gravity=SouthEast&wm_x=010&wm_y=20"
                + "&wm_scale=0.250&wm_opacity=0.50");
        assertThat(s.watermark()).isEqualTo(new Watermark("brand/logo.png", Gravity.SOUTH_EAST, 10, 20, 0.25, 0.5));
        assertThat(s.canonicalQuery()).isEqualTo("src=a.jpg&w=300&wm=brand/logo.png&wm_gravity=southeast&wm_opacity=0.5"
                + "&wm_scale=0.25&wm_x=10&wm_y=20");
    }

    @Test
    void defaultsAreLeftOutAndOneSpellingRemains() {
        ThumbnailSpec s = parse("src=a&wm=logo.png&wm_gravity=centre&wm_x=0&wm_y=000&wm_opacity=1.00");
        assertThat(s.canonicalQuery()).isEqualTo("src=a&wm=logo.png");
        assertThat(s).isEqualTo(ThumbnailSpec.builder("a").watermark(Watermark.of("logo.png")).build());
        assertThat(parse("src=a").overlays()).isFalse();
    }

    @Test
    void theOverlayKeyIsEncodedAsASourceIs() {
        ThumbnailSpec s = parse("src=a&wm=my+marks/caf%C3%A9.png");
        assertThat(s.watermark().key()).isEqualTo("my marks/café.png");
        assertThat(s.canonicalQuery()).isEqualTo("src=a&wm=my%20marks/caf%C3%A9.png");
        assertThat(parse(s.canonicalQuery())).isEqualTo(s);
    }

    @Test
    void theOverlayChangesTheFingerprintAndWhatIsSigned() {
        ThumbnailSpec plain = parse("src=a&w=300");
        ThumbnailSpec marked = parse("src=a&w=300&wm=logo.png");
        ThumbnailSpec other = parse("src=a&w=300&wm=logo2.png");
        ThumbnailSpec faded = parse("src=a&w=300&wm=logo.png&wm_opacity=0.5");
        assertThat(List.of(plain.fingerprint(), marked.fingerprint(), other.fingerprint(), faded.fingerprint()))
                .doesNotHaveDuplicates();
        assertThat(SignedString.of("/v1/resize", marked.canonicalQuery(), java.util.OptionalLong.empty(), java.util.Optional.empty()))
                .isNotEqualTo(SignedString.of("/v1/resize", faded.canonicalQuery(), java.util.OptionalLong.empty(), java.util.Optional.empty()));
    }

    @Test
    void companionsWithoutAnOverlayAreAnError() {
        for (String name : List.of("wm_gravity", "wm_x", "wm_y", "wm_scale", "wm_opacity")) {
            InvalidParameterException e = catchThrowableOfType(InvalidParameterException.class,
                    () -> ThumbnailSpec.parse(Map.of("src", List.of("a"), name, List.of("1"))));
            assertThat(e).as(name).isNotNull();
            assertThat(e.parameter()).isEqualTo(name);
            assertThat(e.detail()).contains("only with wm");
        }
    }

    @Test
    void hostileKeysAreRefusedAsSourcesAre() {
        for (String key : List.of("../x", "a/../b", "/etc/passwd", "https://evil.example/logo.png", "x%2561.png")) {
            InvalidParameterException e = catchThrowableOfType(InvalidParameterException.class,
                    () -> ThumbnailSpec.parse(Map.of("src", List.of("a"), "wm", List.of(key))));
            assertThat(e).as(key).isNotNull();
            assertThat(e.parameter()).isEqualTo("wm");
            assertThat(e.type().status()).isEqualTo(400);
        }
    }

    @Test
    void presetsMayCarryAnOverlay() {
        Presets presets = Presets.of(Map.of("branded", Map.of("wm", "brand/logo.png", "wm_gravity", "southeast")));
        ThumbnailSpec s = new SpecParser(presets, NonSemanticParameters.DEFAULT)
                .parse("src=a&preset=branded&wm_opacity=0.3").spec();
        assertThat(s.canonicalQuery()).isEqualTo("src=a&wm=brand/logo.png&wm_gravity=southeast&wm_opacity=0.3");
    }
}
