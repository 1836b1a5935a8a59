package dev.thumbd.resizer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thumbd.signing.SignatureVerifier;
import dev.thumbd.signing.SigningKeys;
import dev.thumbd.spec.ParsedQuery;
import dev.thumbd.spec.SpecParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignCommandTest {

    private static final String KEYS = "k1=example-secret-k1-0123456789abcdefghij,k2=example-secret-k2-ZYXWVUTSRQPONMLKJIHG";
    private static final Clock NOW = Clock.fixed(Instant.ofEpochSecond(1_767_225_600L), ZoneOffset.UTC);
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    private String sign(String... args) {
        new SignCommand(new PrintStream(stdout, true, StandardCharsets.UTF_8), Map.of("THUMBD_SIGNING_KEYS", KEYS), NOW)
                .run(args);
        return stdout.toString(StandardCharsets.UTF_8).strip();
    }

    private static void assertVerifies(String path, String query, Clock at) {
        ParsedQuery q = SpecParser.standard().parse(query);
        new SignatureVerifier(SigningKeys.parse(KEYS, "", null), at).verify(path, q.spec(), q.signing());
    }

    @Test
    void signsTheCanonicalFormWithThePrimaryKey() {
        // the first vector of docs/signing/signing-vectors.json
        assertThat(sign("/v1/resize?w=300&src=photos%2Fcat.jpg&fmt=WEBP"))
                .isEqualTo("/v1/resize?fmt=webp&src=photos/cat.jpg&w=300&kid=k1&sig=p-q10BGlT98xjebhMQv-vwRNjKwei4TMMGP-is7Tk-U");
    }

    @Test
    void absoluteUrlsTtlAndKid() {
        String url = sign("https://img.example.com/v1/resize?src=a.jpg&w=10", "--ttl", "1h", "--kid", "k2");
        assertThat(url).startsWith("https://img.example.com/v1/resize?src=a.jpg&w=10&exp=1767229200&kid=k2&sig=");
        String query = url.substring(url.indexOf('?') + 1);
        assertThatCode(() -> assertVerifies("/v1/resize", query, NOW)).doesNotThrowAnyException();
        Clock later = Clock.offset(NOW, Duration.ofHours(2));
        assertThatThrownBy(() -> assertVerifies("/v1/resize", query, later)).hasMessageContaining("expired");
    }

    @Test
    void mistakesAreUsageErrors() {
        assertThatThrownBy(() -> sign()).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> sign("/v1/resize")).hasMessageContaining("no query");
        assertThatThrownBy(() -> sign("/v1/resize?src=a.jpg&w=0")).hasMessageContaining("for w");
        assertThatThrownBy(() -> sign("/v1/resize?src=a.jpg&sig=x")).hasMessageContaining("already");
        assertThatThrownBy(() -> sign("/v1/resize?src=a.jpg", "--ttl", "soon")).hasMessageContaining("--ttl");
        assertThatThrownBy(() -> sign("/v1/resize?src=a.jpg", "--kid", "k9")).hasMessageContaining("k9");
        assertThatThrownBy(() -> new SignCommand(System.out, Map.of(), NOW).run(new String[] {"/v1/resize?src=a"}))
                .hasMessageContaining("THUMBD_SIGNING_KEYS");
    }
}
