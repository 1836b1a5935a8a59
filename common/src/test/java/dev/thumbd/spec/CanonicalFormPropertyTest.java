package dev.thumbd.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Seeded property tests over thousands of random specs: round trips, one fingerprint per meaning. */
class CanonicalFormPropertyTest {
    private static final int SPECS = 5_000;

    @Test
    void parsingTheCanonicalQueryGivesTheSameSpec() {
        RandomSpecs random = new RandomSpecs(1);
        for (int i = 0; i < SPECS; i++) {
            ThumbnailSpec spec = random.spec();
            String canonical = spec.canonicalQuery();
            assertThat(ThumbnailSpec.parse(QueryString.decode(canonical))).as(canonical).isEqualTo(spec);
            assertThat(ThumbnailSpec.parse(spec.toQueryMap())).as(canonical).isEqualTo(spec);
            assertThat(spec.toBuilder().build()).isEqualTo(spec);
        }
    }

    @Test
    void canonicalQueryIsAFixedPoint() {
        RandomSpecs random = new RandomSpecs(2);
        for (int i = 0; i < SPECS; i++) {
            String canonical = random.spec().canonicalQuery();
            assertThat(ThumbnailSpec.parse(QueryString.decode(canonical)).canonicalQuery()).isEqualTo(canonical);
        }
    }

    @Test
    void canonicalQueryIsSortedAndUsesOnlyUnreservedCharactersSlashAndEscapes() {
        RandomSpecs random = new RandomSpecs(3);
        for (int i = 0; i < SPECS; i++) {
            String canonical = random.spec().canonicalQuery();
            String[] segments = canonical.split("&");
            for (int k = 0; k < segments.length; k++) {
                String pattern = segments[k].startsWith("src=") ? "src=([A-Za-z0-9._~/-]|%[0-9A-F]{2})+"
                        : segments[k].startsWith("wm=") ? "wm=([A-Za-z0-9._~/-]|%[0-9A-F]{2})+"
                        : "(bg=[0-9a-f]{6}([0-9a-f]{2})?|crop=((0|[1-9][0-9]*)%2C){3}[1-9][0-9]*"
                        + "|[a-z_]+=([a-z]+|(0|[1-9][0-9]*)(\\.[0-9]*[1-9])?))";
                assertThat(segments[k]).matches(pattern);
                if (k > 0) {
                    assertThat(segments[k - 1].split("=")[0]).isLessThan(segments[k].split("=")[0]);
                }
            }
        }
    }

    @Test
    void everySpellingOfARequestHasOneFingerprint() {
        RandomSpecs random = new RandomSpecs(4);
        for (int i = 0; i < SPECS; i++) {
            ThumbnailSpec spec = random.spec();
            for (int k = 0; k < 3; k++) {
                String raw = random.respell(spec, new HashMap<>(), "");
                ThumbnailSpec parsed = ThumbnailSpec.parse(QueryString.decode(raw));
                assertThat(parsed).as(raw).isEqualTo(spec);
                assertThat(parsed.fingerprint()).as(raw).isEqualTo(spec.fingerprint());
            }
        }
    }

    @Test
    void aPresetAndItsExpansionHaveOneFingerprint() {
        RandomSpecs random = new RandomSpecs(5);
        for (int i = 0; i < SPECS; i++) {
            ThumbnailSpec spec = random.spec();
            Map<String, String> preset = new LinkedHashMap<>();
            String raw = random.respell(spec, preset, "card");
            Presets presets = Presets.of(Map.of("card", preset));
            ThumbnailSpec parsed = ThumbnailSpec.parse(QueryString.decode(raw), presets);
            assertThat(parsed).as(raw + " with card=" + preset).isEqualTo(spec);
            assertThat(parsed.fingerprint()).isEqualTo(spec.fingerprint());
        }
    }

    @Test
    void differentRequestsHaveDifferentCanonicalQueriesAndFingerprints() {
        RandomSpecs random = new RandomSpecs(6);
        Map<String, ThumbnailSpec> byFingerprint = new HashMap<>();
        Set<String> canonical = new HashSet<>();
        for (int i = 0; i < SPECS * 4; i++) {
            ThumbnailSpec spec = random.spec();
            ThumbnailSpec earlier = byFingerprint.putIfAbsent(spec.fingerprint().hex(), spec);
            if (earlier != null) {
                assertThat(spec).isEqualTo(earlier);
            } else {
                assertThat(canonical.add(spec.canonicalQuery())).isTrue();
            }
        }
    }

    @Test
    void changingAnySingleParameterChangesTheFingerprint() {
        RandomSpecs random = new RandomSpecs(7);
        for (int i = 0; i < SPECS / 5; i++) {
            ThumbnailSpec spec = random.spec();
            ThumbnailSpec.Builder b = spec.toBuilder();
            int which = random.between(0, 12);
            if (spec.format().placeholder() && which != 0 && which != 11) {
                which = 6;   // a placeholder takes no box, quality, background or filter: change its format
            }
            ThumbnailSpec changed = switch (which) {
                case 0 -> b.source(otherSource(spec.source())).build();
                case 1 -> b.width(spec.width() == 100 ? 101 : 100).build();
                case 2 -> b.height(spec.height() == 100 ? 101 : 100).build();
                case 3 -> b.fit(spec.fit() == Fit.FILL ? Fit.CONTAIN : Fit.FILL).build();
                case 4 -> b.focal(spec.focalX() == 0.25 ? 0.75 : 0.25, spec.focalY()).build();
                case 5 -> b.dpr(spec.dpr() == 2 ? 2.01 : 2).build();
                case 6 -> b.format(spec.format() == OutputFormat.AVIF ? OutputFormat.PNG : OutputFormat.AVIF).build();
                case 7 -> b.quality(spec.quality() == 80 ? 81 : 80).build();
                case 8 -> b.background(spec.background().equals(Rgba.WHITE) ? new Rgba(255, 255, 255, 254)
                        : Rgba.WHITE).build();
                case 9 -> b.enlarge(!spec.enlarge()).build();
                case 10 -> b.blur(spec.blur() == 0.3 ? 0 : 0.3).build();
                case 11 -> b.frame(spec.frame() == ThumbnailSpec.ANIMATION ? 0 : ThumbnailSpec.ANIMATION).build();
                default -> b.sharpen(spec.sharpen() == 10 ? 9.99 : 10).build();
            };
            assertThat(changed).isNotEqualTo(spec);
            assertThat(changed.canonicalQuery()).isNotEqualTo(spec.canonicalQuery());
            assertThat(changed.fingerprint()).isNotEqualTo(spec.fingerprint());
        }
    }

    /** A different valid source: one code point shorter, or one longer when that would leave it empty. */
    private static String otherSource(String source) {
        return source.length() > 2 ? source.substring(source.offsetByCodePoints(0, 1)) : source + "x";
    }
}
