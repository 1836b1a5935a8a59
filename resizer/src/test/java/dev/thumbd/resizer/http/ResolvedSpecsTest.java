package dev.thumbd.resizer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thumbd.resizer.cache.VariantKey;
import dev.thumbd.spec.InvalidParameterException;
import dev.thumbd.spec.SpecParser;
import org.junit.jupiter.api.Test;

class ResolvedSpecsTest {

    private final SpecParser parser = SpecParser.standard();

    @Test
    void resolvesLikeTheParserAndRemembers() {
        ResolvedSpecs specs = new ResolvedSpecs(parser, 1 << 20);
        ResolvedSpecs.Resolved r = specs.resolve("src=a/b.jpg&w=300&fmt=webp");
        assertThat(r.spec()).isEqualTo(parser.parse("src=a/b.jpg&w=300&fmt=webp").spec());
        assertThat(r.fingerprintHex()).isEqualTo(r.spec().fingerprint().hex());
        assertThat(r.surrogateKey()).isEqualTo("src-" + VariantKey.sourceId("a/b.jpg").substring(0, 32));
        assertThat(specs.resolve("src=a/b.jpg&w=300&fmt=webp")).isSameAs(r);
        // another spelling of the same request: its own entry, the same fingerprint
        assertThat(specs.resolve("fmt=webp&w=300&src=a%2Fb.jpg").fingerprintHex()).isEqualTo(r.fingerprintHex());
    }

    @Test
    void badQueriesFailEveryTime() {
        ResolvedSpecs specs = new ResolvedSpecs(parser, 1 << 20);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> specs.resolve("src=a.jpg&w=0")).isInstanceOf(InvalidParameterException.class);
        }
    }

    @Test
    void staysWithinItsBound() {
        ResolvedSpecs specs = new ResolvedSpecs(parser, 64 * 1024);
        for (int i = 0; i < 5_000; i++) {
            specs.resolve("src=k" + i + ".jpg&w=" + (1 + i % 4000));
        }
        // each entry weighs at least 640 bytes, so 64 KiB hold at most 102 of them
        assertThat(specs.size()).isBetween(1L, 102L);
    }
}
