package dev.thumbd.resizer.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VariantKeyTest {

    private static final String FP = "a".repeat(64);

    @Test
    void equalityFollowsFingerprintAndFormatChoice() {
        VariantKey a = VariantKey.of("photos/cat.jpg", FP, "webp");
        assertThat(a).isEqualTo(VariantKey.of("photos/cat.jpg", FP, "webp"));
        assertThat(a).hasSameHashCodeAs(VariantKey.of("photos/cat.jpg", FP, "webp"));
        assertThat(a).isNotEqualTo(VariantKey.of("photos/cat.jpg", FP, "auto-webp"));
        assertThat(a).isNotEqualTo(VariantKey.of("photos/cat.jpg", "b".repeat(64), "webp"));
    }

    @Test
    void idsAreSha256HexAndStable() {
        VariantKey a = VariantKey.of("photos/cat.jpg", FP, "webp");
        // sha256("photos/cat.jpg"), as computed by `printf %s photos/cat.jpg | sha256sum`
        assertThat(a.sourceId()).isEqualTo("9c4712116d1c1877625b387799d0618060dd1bd99f0849bb7605a3fa540279ec")
                .isEqualTo(VariantKey.sourceId("photos/cat.jpg"));
        assertThat(a.sourceId()).isSameAs(a.sourceId());
        assertThat(a.variantId()).isEqualTo(VariantKey.of("other.jpg", FP, "webp").variantId());
        assertThat(a.variantId()).isNotEqualTo(VariantKey.of("photos/cat.jpg", FP, "avif").variantId());
        assertThat(VariantKey.sourceId("photos/cat.jpg")).isNotEqualTo(VariantKey.sourceId("photos/dog.jpg"));
    }
}
