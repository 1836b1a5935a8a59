package dev.thumbd.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PresetsTest {
    @Test
    void looksNamesUpCaseInsensitively() {
        Presets p = Presets.of(Map.of("card-2x", Map.of("w", "640", "dpr", "2")));
        assertThat(p.get("CARD-2X")).contains(Map.of("w", "640", "dpr", "2"));
        assertThat(p.get("card")).isEmpty();
        assertThat(p.names()).containsExactly("card-2x");
    }

    @Test
    void readsConfiguredQueryStringsLastValueWinning() {
        Presets p = Presets.fromQueries(Map.of("avatar", "w=64&h=64&fit=cover&w=96", "hero", "w=1600&fmt=auto"));
        assertThat(p.get("avatar")).contains(Map.of("w", "96", "h", "64", "fit", "cover"));
        assertThat(p.get("hero")).contains(Map.of("w", "1600", "fmt", "auto"));
        assertThatThrownBy(() -> Presets.fromQueries(Map.of("bad", "w=64&bogus=1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad");
    }

    @Test
    void rejectsBrokenConfigurationAtCreation() {
        assertThatThrownBy(() -> Presets.of(Map.of("Avatar", Map.of("w", "1"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Avatar");
        assertThatThrownBy(() -> Presets.of(Map.of("a", Map.of("src", "x"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'src'");
        assertThatThrownBy(() -> Presets.of(Map.of("a", Map.of("preset", "b"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Presets.of(Map.of("a", Map.of("utm_source", "b"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Presets.of(Map.of("a", Map.of("w", "0"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("preset 'a': Expected an integer between 1 and 8192 for w but received '0'");
        assertThatThrownBy(() -> Presets.of(Map.of("a", Map.of("gravity", "north", "fx", "0.1"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nonSemanticParametersCannotShadowRealOnes() {
        for (String name : Set.of("w", "src", "sig", "kid", "exp", "preset", "")) {
            assertThatThrownBy(() -> NonSemanticParameters.of(Set.of(name)))
                    .as(name).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(NonSemanticParameters.DEFAULT.isDropped("utm_anything")).isTrue();
        assertThat(NonSemanticParameters.DEFAULT.isDropped("fbclid")).isTrue();
        assertThat(NonSemanticParameters.DEFAULT.isDropped("ref")).isFalse();
    }
}
