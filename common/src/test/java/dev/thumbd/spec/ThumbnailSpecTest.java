package dev.thumbd.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The builder and the record constructor validate with the same rules as the parser. */
class ThumbnailSpecTest {
    private static void rejects(String parameter, UnaryOperator<ThumbnailSpec.Builder> change) {
        InvalidParameterException e = catchThrowableOfType(InvalidParameterException.class,
                () -> change.apply(ThumbnailSpec.builder("a")).build());
        assertThat(e).as(parameter).isNotNull();
        assertThat(e.parameter()).isEqualTo(parameter);
        assertThat(e.detail()).matches("Expected .+ for " + Pattern.quote(parameter) + " but received '.*'");
    }

    @Test
    void builderRejectsWhatTheParserRejects() {
        rejects("src", b -> b.source(""));
        rejects("src", b -> b.source("a\u0000"));
        rejects("w", b -> b.width(8193));
        rejects("w", b -> b.width(-1));
        rejects("h", b -> b.height(9000));
        rejects("q", b -> b.quality(101));
        rejects("dpr", b -> b.dpr(0.5));
        rejects("dpr", b -> b.dpr(1.234));
        rejects("dpr", b -> b.dpr(Double.NaN));
        rejects("dpr", b -> b.dpr(1.1 * 1.1));
        rejects("fx", b -> b.focal(1.5, 0.5));
        rejects("fy", b -> b.focal(0.5, 0.123456));
        rejects("blur", b -> b.blur(0.2));
        rejects("blur", b -> b.blur(Double.POSITIVE_INFINITY));
        rejects("sharpen", b -> b.sharpen(11));
    }

    @Test
    void theMessageForATypedValueEchoesItsCanonicalSpelling() {
        assertThat(catchThrowableOfType(InvalidParameterException.class,
                () -> ThumbnailSpec.builder("a").dpr(4.5).build()).detail())
                .isEqualTo("Expected a number between 1 and 4 with at most 2 decimal places for dpr"
                        + " but received '4.5'");
    }

    @Test
    void focalCoordinatesNeedFocalGravity() {
        assertThatThrownBy(() -> new ThumbnailSpec("a", 0, 0, Fit.COVER, Gravity.NORTH, 0.2, 0.5, 1,
                OutputFormat.AUTO, 0, Rgba.WHITE, false, 0, 0, Crop.NONE, 0, false, 0)).isInstanceOf(InvalidParameterException.class)
                .hasMessage("Expected fx only with gravity focal (not north) for fx but received '0.2'");
        ThumbnailSpec focal = ThumbnailSpec.builder("a").focal(0.2, 0.7).build();
        assertThat(focal.gravity()).isEqualTo(Gravity.FOCAL);
        ThumbnailSpec reset = focal.toBuilder().gravity(Gravity.SMART).build();
        assertThat(reset.focalX()).isEqualTo(0.5);
        assertThat(reset.focalY()).isEqualTo(0.5);
    }

    @Test
    void negativeZeroIsStoredAsZero() {
        ThumbnailSpec s = ThumbnailSpec.builder("a").blur(-0.0).sharpen(-0.0).focal(-0.0, -0.0).build();
        ThumbnailSpec z = ThumbnailSpec.builder("a").blur(0).sharpen(0).focal(0, 0).build();
        assertThat(s).isEqualTo(z);
        assertThat(ThumbnailSpec.parse(s.toQueryMap())).isEqualTo(s);
    }

    @Test
    void zeroMeansUnsetForWidthHeightQualityBlurAndSharpen() {
        ThumbnailSpec s = ThumbnailSpec.builder("a").width(0).height(0).quality(0).blur(0).sharpen(0).build();
        assertThat(s.canonicalQuery()).isEqualTo("src=a");
    }

    @Test
    void toQueryMapIsSortedAndDecoded() {
        ThumbnailSpec s = ThumbnailSpec.builder("a b/c").width(300).format(OutputFormat.JPEG).dpr(2.5).build();
        assertThat(s.toQueryMap()).containsExactly(
                java.util.Map.entry("dpr", java.util.List.of("2.5")),
                java.util.Map.entry("fmt", java.util.List.of("jpeg")),
                java.util.Map.entry("src", java.util.List.of("a b/c")),
                java.util.Map.entry("w", java.util.List.of("300")));
        assertThat(s.canonicalQuery()).isEqualTo("dpr=2.5&fmt=jpeg&src=a%20b/c&w=300");
    }

    @Test
    void atWidthKeepsTheBoxAspectRatio() {
        ThumbnailSpec box = ThumbnailSpec.builder("a.jpg").width(400).height(300).build();
        assertThat(box.atWidth(640)).extracting(ThumbnailSpec::width, ThumbnailSpec::height).containsExactly(640, 480);
        assertThat(box.atWidth(1)).extracting(ThumbnailSpec::width, ThumbnailSpec::height).containsExactly(1, 1);
        assertThat(ThumbnailSpec.builder("a.jpg").width(10).height(8000).build().atWidth(8000).height())
                .isEqualTo(8192);
        assertThat(ThumbnailSpec.builder("a.jpg").height(300).build().atWidth(500))
                .extracting(ThumbnailSpec::width, ThumbnailSpec::height).containsExactly(500, 300);
        assertThat(catchThrowableOfType(InvalidParameterException.class, () -> box.atWidth(9000))).isNotNull();
    }
}
