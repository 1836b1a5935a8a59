package dev.thumbd.resizer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.thumbd.signing.SignatureVerifier;
import dev.thumbd.signing.SigningKeys;
import dev.thumbd.spec.ParsedQuery;
import dev.thumbd.spec.SpecParser;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With signing keys, {@code /v1/srcset} hands out signed URLs, and only to holders of a write token. */
class SignedSrcsetHttpTest {

    private static final String SECRET = "srcset-test-secret-0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void signedUrlsOnlyForTokenHolders() {
        try (ResizerServer server = ResizerServer.start(Map.of(
                "thumbd.store.root", dir.resolve("data").toString(),
                "thumbd.cache.disk.dir", dir.resolve("cache").toString(),
                "thumbd.signing.keys.s1", SECRET))) {
            server.seed("signed/a.jpg", "photo-970x644.jpg");
            String query = "/v1/srcset?src=signed/a.jpg&widths=160,320&formats=webp,jpeg";
            ResizerHttpContract.assertProblem(server.get(query), 401, "unauthorized");
            ResizerHttpContract.assertProblem(server.get(query, "Authorization", "Bearer wrong"), 401, "unauthorized");
            HttpResponse<byte[]> ok = server.get(query, "Authorization", "Bearer test-token");
            assertThat(ok.statusCode()).isEqualTo(200);
            String json = ResizerHttpContract.text(ok);
            Matcher m = Pattern.compile("/v1/resize\\?([^ \"\\\\]+)").matcher(json);
            SignatureVerifier verifier = new SignatureVerifier(SigningKeys.parse("s1=" + SECRET, "", null), Clock.systemUTC());
            int urls = 0;
            while (m.find()) {
                String q = m.group(1).replace("\\u0026", "&").replace("&amp;", "&");
                assertThat(q).contains("&kid=s1&sig=");
                ParsedQuery parsed = SpecParser.standard().parse(q);
                assertThatCode(() -> verifier.verify("/v1/resize", parsed.spec(), parsed.signing()))
                        .as(q).doesNotThrowAnyException();
                urls++;
            }
            assertThat(urls).isGreaterThanOrEqualTo(4);
            // the resizer itself serves them (the gateway verifies; signing parameters never enter its cache key)
            String first = json.substring(json.indexOf("/v1/resize?"));
            first = first.substring(0, first.indexOf(' ')).replace("\\u0026", "&");
            assertThat(server.get(first).statusCode()).isEqualTo(200);
            assertThat(List.of(first)).allMatch(u -> u.contains("sig="));
        }
    }
}
