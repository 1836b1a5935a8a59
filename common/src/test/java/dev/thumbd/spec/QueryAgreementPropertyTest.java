package dev.thumbd.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.key.ObjectKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The gateway reads a query once and passes on a spelling of its own ({@link ParsedQuery#upstreamQuery} for
 * {@code /v1/resize}, {@link QueryString#encode(Map)} for the rest); the resizer reads that spelling again. Over random
 * hostile spellings (escapes of letters, lower-case hex, {@code +}, double escapes, duplicates, empty pairs, signing
 * parameters), whatever the gateway accepts the resizer reads as the same parameters, spec, fingerprint and signing,
 * and a storage key in {@code src} is decoded exactly once.
 */
class QueryAgreementPropertyTest {

    private static final List<String> SOURCES = List.of("cat.jpg", "x/%61.jpg", "x/%2561.jpg", "x%2Fa.jpg",
            "a+b.jpg", "a%2Bb.jpg", "caf%C3%A9.jpg", "caf%c3%a9.jpg", "%2E%2E/etc", "a/./b", "a//b", "%5Cwin",
            "%00", "%", "%zz", "https://example.com/a%2561.jpg", "HTTP://h/x", "%F0%9F%98%80/%E6%97%A5.png", "a%25",
            "%C0%AE%C0%AE/x");
    private static final List<String> PAIRS = List.of("w=300", "w=0300", "%77=300", "h=200", "fmt=WEBP", "fmt=webp",
            "fm%74=png", "fit=contain", "fit=COVER", "dpr=2.0", "q=80", "utm_source=x", "sig=AAAA", "kid=k1",
            "exp=99999999999", "exp=1e9", "w=300&w=301", "", "&", "gravity=centre", "bg=FFF", "enlarge=1", "x=1",
            "blur=0.50", "sharpen=1", "frame=0", "frame=007");

    @Test
    void theResizerReadsWhatTheGatewayPassesOnAsTheGatewayDid() {
        Random random = new Random(0x51cL);
        SpecParser parser = SpecParser.standard();
        int accepted = 0;
        for (int i = 0; i < 100_000; i++) {
            String raw = randomQuery(random);
            Map<String, List<String>> decoded;
            try {
                decoded = QueryString.decode(raw);
            } catch (InvalidParameterException e) {
                continue;   // refused by the gateway's first check
            }
            assertThat(QueryString.decode(QueryString.encode(decoded))).as(raw).isEqualTo(decoded);
            ParsedQuery atGateway;
            try {
                atGateway = parser.parse(raw);
            } catch (InvalidParameterException e) {
                continue;   // a 400 at the gateway
            }
            accepted++;
            ParsedQuery atResizer = parser.parse(atGateway.upstreamQuery());
            assertThat(atResizer).as(raw).isEqualTo(atGateway);
            assertThat(atResizer.spec().fingerprint()).isEqualTo(atGateway.spec().fingerprint());
            String src = atGateway.spec().source();
            if (!ObjectKey.isUrl(src)) {
                assertThat(src).as(raw).doesNotContain("%");
                assertThat(ObjectKey.of(src).value()).isEqualTo(src);
                assertThat(decoded.get(ParameterName.SRC)).containsExactly(src);
            }
        }
        assertThat(accepted).isGreaterThan(5_000);
    }

    private static String randomQuery(Random random) {
        List<String> parts = new ArrayList<>();
        parts.add("src=" + SOURCES.get(random.nextInt(SOURCES.size())));
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
            parts.add(PAIRS.get(random.nextInt(PAIRS.size())));
        }
        java.util.Collections.shuffle(parts, random);
        return String.join("&", parts);
    }
}
