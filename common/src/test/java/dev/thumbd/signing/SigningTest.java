package dev.thumbd.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.spec.InvalidParameterException;
import dev.thumbd.spec.OutputFormat;
import dev.thumbd.spec.ParsedQuery;
import dev.thumbd.spec.SpecParser;
import dev.thumbd.spec.ThumbnailSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SigningTest {

    private static final String PATH = "/v1/resize";
    private static final SigningKey K1 = SigningKey.of("k1", "a".repeat(32));
    private static final SigningKey K2 = SigningKey.of("k2", "b".repeat(40));
    private static final Clock NOW = Clock.fixed(Instant.ofEpochSecond(2_000_000_000L), ZoneOffset.UTC);
    private final SpecParser parser = SpecParser.standard();

    private static void assertRefused(Runnable r, String detailPart) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.type()).isEqualTo(ProblemType.INVALID_SIGNATURE);
            assertThat(e.detail()).contains(detailPart);
        });
    }

    private void verify(SigningKeys keys, String query) {
        ParsedQuery q = parser.parse(query);
        new SignatureVerifier(keys, NOW).verify(PATH, q.spec(), q.signing());
    }

    @Test
    void keysAreValidated() {
        assertThatThrownBy(() -> SigningKey.of("k1", "short")).hasMessageContaining("at least 32").hasMessageNotContaining("short");
        assertThatThrownBy(() -> SigningKey.of("k 1", "a".repeat(32))).hasMessageContaining("'k 1'");
        assertThatThrownBy(() -> SigningKeys.of(List.of(K1, SigningKey.of("k1", "c".repeat(32))), List.of(), null))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> SigningKeys.of(List.of(K1), List.of("k1"), null)).hasMessageContaining("both");
        assertThatThrownBy(() -> SigningKeys.of(List.of(K1), List.of(), "k2")).hasMessageContaining("primary");
        assertThatThrownBy(() -> SigningKeys.of(List.of(), List.of(), null)).hasMessageContaining("at least one");
        assertThat(K1.toString()).doesNotContain("aaaa");
    }

    @Test
    void rotationKeepsOldUrlsWorkingUntilTheKeyIsRetired() {
        ThumbnailSpec spec = ThumbnailSpec.builder("photos/cat.jpg").width(300).format(OutputFormat.WEBP).build();
        String signedWithK1 = new UrlSigner(SigningKeys.of(List.of(K1), List.of(), null)).signedQuery(PATH, spec, OptionalLong.empty());
        SigningKeys both = SigningKeys.of(List.of(K1, K2), List.of(), "k2");
        assertThatCode(() -> verify(both, signedWithK1)).doesNotThrowAnyException();
        String signedWithK2 = new UrlSigner(both).signedQuery(PATH, spec, OptionalLong.empty());
        assertThat(signedWithK2).contains("kid=k2");
        SigningKeys k1Retired = SigningKeys.of(List.of(K2), List.of("k1"), null);
        assertRefused(() -> verify(k1Retired, signedWithK1), "retired");
        assertThatCode(() -> verify(k1Retired, signedWithK2)).doesNotThrowAnyException();
        assertRefused(() -> verify(SigningKeys.of(List.of(K2), List.of(), null), signedWithK1), "not known");
    }

    @Test
    void expiryAndMalformedParameters() {
        SigningKeys keys = SigningKeys.of(List.of(K1), List.of(), null);
        ThumbnailSpec spec = ThumbnailSpec.builder("a.jpg").width(10).build();
        UrlSigner signer = new UrlSigner(keys);
        assertThatCode(() -> verify(keys, signer.signedQuery(PATH, spec, OptionalLong.of(2_000_000_000L))))
                .doesNotThrowAnyException();   // valid through the second it names
        assertRefused(() -> verify(keys, signer.signedQuery(PATH, spec, OptionalLong.of(1_999_999_999L))), "expired");
        assertThatThrownBy(() -> verify(keys, "src=a.jpg&w=10&exp=soon&sig=" + "A".repeat(43)))
                .isInstanceOf(InvalidParameterException.class);
        assertRefused(() -> verify(keys, "src=a.jpg&w=10"), "must be signed");
        assertRefused(() -> verify(keys, "src=a.jpg&w=10&sig=not*base64"), "does not match");
        assertRefused(() -> verify(keys, "src=a.jpg&w=10&sig=" + "A".repeat(43)), "does not match");
        assertThatThrownBy(() -> verify(keys, "src=a.jpg&w=10&sig=x&sig=y")).isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void anyChangeToASignedUrlBreaksItsSignature() {
        SigningKeys keys = SigningKeys.of(List.of(K1, K2), List.of(), null);
        UrlSigner signer = new UrlSigner(keys);
        Random random = new Random(42);
        String[] formats = {"jpeg", "png", "webp", "avif", "auto"};
        for (int i = 0; i < 300; i++) {
            int w = 1 + random.nextInt(4000);
            String fmt = formats[random.nextInt(formats.length)];
            String src = "dir" + random.nextInt(50) + "/img " + random.nextInt(1000) + ".jpg";
            ThumbnailSpec spec = parser.parse("src=" + dev.thumbd.spec.QueryString.encode(src, true) + "&w=" + w
                    + "&fmt=" + fmt).spec();
            long exp = 2_000_000_000L + random.nextInt(1_000_000);
            String signed = signer.signedQuery(PATH, spec, OptionalLong.of(exp));
            assertThatCode(() -> verify(keys, signed)).doesNotThrowAnyException();
            assertRefused(() -> verify(keys, signed.replace("&w=" + w + "&", "&w=" + (w + 1) + "&")), "does not match");
            assertRefused(() -> verify(keys, signed.replace("exp=" + exp, "exp=" + (exp + 1))), "does not match");
            ParsedQuery q = parser.parse(signed);
            assertRefused(() -> new SignatureVerifier(keys, NOW).verify("/v1/info", q.spec(), q.signing()),
                    "does not match");
        }
    }
}
