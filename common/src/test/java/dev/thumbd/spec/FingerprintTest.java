package dev.thumbd.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class FingerprintTest {
    @Test
    void isSha256OfTheUtf8Text() {
        // Test vectors from FIPS 180-2, appendix B.1, and of the empty string.
        assertThat(Fingerprint.of("abc").hex())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Fingerprint.of("").hex())
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void base64UrlAndHexAreTheSameBytes() {
        Fingerprint f = ThumbnailSpec.builder("photos/cat.jpg").width(300).build().fingerprint();
        assertThat(f.hex()).hasSize(64);
        assertThat(f.base64Url()).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(Base64.getUrlDecoder().decode(f.base64Url())).isEqualTo(HexFormat.of().parseHex(f.hex()));
        assertThat(f.bytes()).hasSize(32);
        assertThat(f).isEqualTo(new Fingerprint(f.hex())).hasToString(f.hex());
    }

    @Test
    void isTheFingerprintOfTheCanonicalQuery() {
        ThumbnailSpec s = ThumbnailSpec.builder("a b").height(10).build();
        assertThat(s.fingerprint()).isEqualTo(Fingerprint.of("h=10&src=a%20b"));
    }

    @Test
    void rejectsMalformedHex() {
        assertThatThrownBy(() -> new Fingerprint("ABC")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Fingerprint("E".repeat(64))).isInstanceOf(IllegalArgumentException.class);
    }
}
