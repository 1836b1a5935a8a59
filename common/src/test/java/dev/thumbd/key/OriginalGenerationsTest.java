package dev.thumbd.key;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OriginalGenerationsTest {

    private final OriginalGenerations generations = new OriginalGenerations();

    @Test
    void aWriteChangesThatOriginalsGenerationAndNotAnothers() {
        long x = generations.current("x.jpg");
        long y = generations.current("y.jpg");
        generations.advance("x.jpg");
        assertThat(generations.unchangedSince("x.jpg", x)).isFalse();
        assertThat(generations.unchangedSince("x.jpg", generations.current("x.jpg"))).isTrue();
        assertThat(generations.unchangedSince("y.jpg", y)).isTrue();
    }

    @Test
    void advancingAllChangesEveryOriginal() {
        long x = generations.current("x.jpg");
        long y = generations.current("photos/y.jpg");
        generations.advanceAll();
        assertThat(generations.unchangedSince("x.jpg", x)).isFalse();
        assertThat(generations.unchangedSince("photos/y.jpg", y)).isFalse();
    }
}
