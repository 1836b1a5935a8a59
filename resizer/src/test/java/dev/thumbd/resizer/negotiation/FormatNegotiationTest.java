package dev.thumbd.resizer.negotiation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.spec.ImageFormat;
import dev.thumbd.spec.OutputFormat;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FormatNegotiationTest {

    private static final FormatNegotiator ALL = FormatNegotiator.forFormats(EnumSet.of(ImageFormat.JPEG,
            ImageFormat.PNG, ImageFormat.WEBP, ImageFormat.AVIF));

    @Test
    void browsersAcceptHeadersLandInTheirBuckets() {
        // Chrome / Firefox 2024+, Safari 16+, old Safari, curl
        assertThat(bucket("image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8")).isEqualTo(FormatBucket.AVIF);
        assertThat(bucket("image/webp,*/*")).isEqualTo(FormatBucket.WEBP);
        assertThat(bucket("image/png,image/svg+xml,image/*;q=0.8,video/*;q=0.8,*/*;q=0.5")).isEqualTo(FormatBucket.LEGACY);
        assertThat(bucket("*/*")).isEqualTo(FormatBucket.LEGACY);
        assertThat(bucket(null)).isEqualTo(FormatBucket.LEGACY);
    }

    @Test
    void qValuesAreHonouredAndWildcardsNeverSelectModernFormats() {
        assertThat(bucket("image/avif;q=0, image/webp")).isEqualTo(FormatBucket.WEBP);
        assertThat(bucket("image/avif;q=0.000,image/webp;q=0")).isEqualTo(FormatBucket.LEGACY);
        assertThat(bucket("image/avif; Q=0.5")).isEqualTo(FormatBucket.AVIF);
        assertThat(bucket("IMAGE/WEBP ; q=1.0")).isEqualTo(FormatBucket.WEBP);
        assertThat(bucket("image/*")).isEqualTo(FormatBucket.LEGACY);
        // malformed q-values make the member unacceptable instead of failing the request
        assertThat(bucket("image/avif;q=2, image/webp;q=abc")).isEqualTo(FormatBucket.LEGACY);
        assertThat(bucket(";;;,,,image/webp;;q=0.9;x=y")).isEqualTo(FormatBucket.WEBP);
    }

    @Test
    void anyAcceptStringReducesToAtMostThreeBuckets() {
        Random r = new Random(42);
        String[] parts = {"image/avif", "image/webp", "image/png", "*/*", "image/*", ";q=0", ";q=0.5", ";q=1", ",",
            " ", "text/html", ";q=x", "image/avif;q=0.001"};
        Set<FormatBucket> seen = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            StringBuilder b = new StringBuilder();
            int n = r.nextInt(12);
            for (int k = 0; k < n; k++) {
                b.append(parts[r.nextInt(parts.length)]);
            }
            seen.add(bucket(b.toString()));
        }
        assertThat(seen).containsExactlyInAnyOrder(FormatBucket.values());
    }

    @Test
    void autoFollowsTheLadderAndSkipsWhatCannotBeEncoded() {
        assertThat(ALL.resolve(OutputFormat.AUTO, FormatBucket.AVIF, false)).isEqualTo(ImageFormat.AVIF);
        assertThat(ALL.resolve(OutputFormat.AUTO, FormatBucket.WEBP, true)).isEqualTo(ImageFormat.WEBP);
        assertThat(ALL.resolve(OutputFormat.AUTO, FormatBucket.LEGACY, true)).isEqualTo(ImageFormat.PNG);
        assertThat(ALL.resolve(OutputFormat.AUTO, FormatBucket.LEGACY, false)).isEqualTo(ImageFormat.JPEG);
        FormatNegotiator noAvif = FormatNegotiator.forFormats(EnumSet.of(ImageFormat.JPEG, ImageFormat.PNG,
                ImageFormat.WEBP));
        assertThat(noAvif.resolve(OutputFormat.AUTO, FormatBucket.AVIF, false)).isEqualTo(ImageFormat.WEBP);
        FormatNegotiator basic = FormatNegotiator.forFormats(EnumSet.of(ImageFormat.JPEG, ImageFormat.PNG));
        assertThat(basic.resolve(OutputFormat.AUTO, FormatBucket.AVIF, true)).isEqualTo(ImageFormat.PNG);
    }

    @Test
    void anExplicitFormatIsNeverChanged() {
        FormatNegotiator basic = FormatNegotiator.forFormats(EnumSet.of(ImageFormat.JPEG));
        assertThat(basic.resolve(OutputFormat.AVIF, FormatBucket.LEGACY, false)).isEqualTo(ImageFormat.AVIF);
        assertThat(ALL.resolve(OutputFormat.JPEG, FormatBucket.AVIF, true)).isEqualTo(ImageFormat.JPEG);
    }

    private static FormatBucket bucket(String accept) {
        return FormatBucket.of(AcceptHeader.parse(accept));
    }
}
