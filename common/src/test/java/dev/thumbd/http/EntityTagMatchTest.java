package dev.thumbd.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EntityTagMatchTest {

    private static final String TAG = "\"abc123\"";

    @Test
    void matchesStarListsAndWeakForms() {
        assertThat(EntityTagMatch.noneMatchFails("*", TAG)).isTrue();
        assertThat(EntityTagMatch.noneMatchFails("\"abc123\"", TAG)).isTrue();
        assertThat(EntityTagMatch.noneMatchFails("W/\"abc123\"", TAG)).isTrue();
        assertThat(EntityTagMatch.noneMatchFails("\"x\", W/\"y\" ,\"abc123\"", TAG)).isTrue();
    }

    @Test
    void doesNotMatchOthersPrefixesOrGarbage() {
        assertThat(EntityTagMatch.noneMatchFails(null, TAG)).isFalse();
        assertThat(EntityTagMatch.noneMatchFails("\"abc1234\"", TAG)).isFalse();
        assertThat(EntityTagMatch.noneMatchFails("\"abc12\"", TAG)).isFalse();
        assertThat(EntityTagMatch.noneMatchFails("abc123", TAG)).isFalse();
        assertThat(EntityTagMatch.noneMatchFails("\"abc123", TAG)).isFalse();
        assertThat(EntityTagMatch.noneMatchFails("", TAG)).isFalse();
    }
}
