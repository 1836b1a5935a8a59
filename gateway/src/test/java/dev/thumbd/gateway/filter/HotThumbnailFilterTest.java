package dev.thumbd.gateway.filter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HotThumbnailFilterTest {

    @Test
    void aThumbnailWithAnOverlayIsNeverKeptHere() {
        assertThat(HotThumbnailHitFilter.keepable(dev.thumbd.spec.SpecParser.standard().parse("src=a&w=10").spec()))
                .isTrue();
        assertThat(HotThumbnailHitFilter.keepable(dev.thumbd.spec.SpecParser.standard()
                .parse("src=a&w=10&wm=brand/logo.png").spec())).isFalse();
    }

    @Test
    void sharedMaxAgeReadsWhatASharedCacheMayKeep() {
        assertThat(HotThumbnailFilter.sharedMaxAge("public, max-age=86400, stale-while-revalidate=60")).isEqualTo(86400);
        assertThat(HotThumbnailFilter.sharedMaxAge("public, max-age=600, s-maxage=30")).isEqualTo(30);
        assertThat(HotThumbnailFilter.sharedMaxAge("Public, Max-Age=60")).isEqualTo(60);
        assertThat(HotThumbnailFilter.sharedMaxAge("private, max-age=600")).isZero();
        assertThat(HotThumbnailFilter.sharedMaxAge("no-store")).isZero();
        assertThat(HotThumbnailFilter.sharedMaxAge("max-age=600, no-cache")).isZero();
        assertThat(HotThumbnailFilter.sharedMaxAge("public")).isZero();
        assertThat(HotThumbnailFilter.sharedMaxAge("max-age=abc")).isZero();
        assertThat(HotThumbnailFilter.sharedMaxAge(null)).isZero();
    }

    @Test
    void aHitSaysItCameFromTheGatewayAndStillNamesASubstitute() {
        assertThat(HotThumbnailFilter.serverTiming("cache;desc=l1, total;dur=0.12")).isEqualTo("cache;desc=gateway");
        assertThat(HotThumbnailFilter.serverTiming("cache;desc=miss, substitute;desc=economy, decode;dur=3.10"))
                .isEqualTo("cache;desc=gateway, substitute;desc=economy");
        assertThat(HotThumbnailFilter.serverTiming(null)).isEqualTo("cache;desc=gateway");
    }
}
