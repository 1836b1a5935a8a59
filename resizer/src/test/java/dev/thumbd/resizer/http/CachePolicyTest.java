package dev.thumbd.resizer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CachePolicyTest {

    @Test
    void defaultsSeparateBrowsersFromSharedCaches() {
        assertThat(CachePolicy.DEFAULTS.forThumbnail())
                .isEqualTo("public, max-age=86400, s-maxage=604800, stale-while-revalidate=86400");
        assertThat(CachePolicy.DEFAULTS.forCdn()).isNull();
        assertThat(CachePolicy.DEFAULTS.forSubstitute()).isEqualTo("public, max-age=60");
        assertThat(CachePolicy.DEFAULTS.forError(404)).isEqualTo("public, max-age=60");
        assertThat(CachePolicy.DEFAULTS.forError(403)).isEqualTo("no-store");
        assertThat(CachePolicy.DEFAULTS.forError(503)).isEqualTo("no-store");
    }

    @Test
    void oneLifetimeForAllSendsNoSharedOne() {
        CachePolicy same = new CachePolicy(Duration.ofDays(7), Duration.ofDays(7), Duration.ZERO, Duration.ZERO,
                Duration.ofDays(30));
        assertThat(same.forThumbnail()).isEqualTo("public, max-age=604800");
        assertThat(same.forCdn()).isEqualTo("max-age=2592000");
        assertThat(same.forError(404)).isEqualTo("no-store");
        assertThat(same.cacheable(404)).isFalse();
    }

    @Test
    void negativeLifetimesAreRefused() {
        assertThatThrownBy(() -> new CachePolicy(Duration.ofDays(1), Duration.ofSeconds(-1), Duration.ZERO,
                Duration.ZERO, Duration.ZERO)).hasMessageContaining("negative");
    }
}
