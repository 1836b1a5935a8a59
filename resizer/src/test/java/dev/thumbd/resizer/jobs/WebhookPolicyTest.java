package dev.thumbd.resizer.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thumbd.spec.InvalidParameterException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

/** Which notification URLs a job may name: the allowed prefixes, parsed, and public addresses only. */
class WebhookPolicyTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private final WebhookPolicy policy = new WebhookPolicy(List.of("https://hooks.example.com/thumbd/",
            "http://203.0.113.7:8080/", "http://127.0.0.1:9/in/"), false, Schedulers.boundedElastic());

    @Test
    void offByDefaultEveryURLIsRefused() {
        WebhookPolicy off = new WebhookPolicy(List.of(), false, Schedulers.boundedElastic());
        assertThat(off.enabled()).isFalse();
        assertThatThrownBy(() -> off.check("notificationUrl", "https://hooks.example.com/thumbd/x"))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("notificationUrl");
    }

    @Test
    void onlyURLsUnderAnAllowedPrefixPass() {
        for (String ok : List.of("https://hooks.example.com/thumbd/", "https://hooks.example.com/thumbd/jobs?x=1",
                "HTTPS://Hooks.Example.com:443/thumbd/a", "http://203.0.113.7:8080/anything")) {
            assertThat(policy.check("u", ok)).as(ok).isNotNull();
        }
        for (String refused : List.of("https://hooks.example.com.evil.net/thumbd/", "https://evil.net/thumbd/",
                "http://hooks.example.com/thumbd/", "https://hooks.example.com:8443/thumbd/",
                "https://hooks.example.com/thumbdx", "https://hooks.example.com/other",
                "https://user:pw@hooks.example.com/thumbd/", "https://hooks.example.com/thumbd/#f",
                "https://hooks.example.com/thumbd/../admin", "https://hooks.example.com/thumbd/%2e%2e/admin",
                "ftp://hooks.example.com/thumbd/", "file:///etc/passwd", "/thumbd/relative", "not a url",
                "http://203.0.113.7/", "https://hooks.example.com/thumbd/" + "a".repeat(3000))) {
            assertThatThrownBy(() -> policy.check("u", refused)).as(refused)
                    .isInstanceOf(InvalidParameterException.class);
        }
    }

    @Test
    void privateAndLoopbackAddressesAreRefusedUnlessAllowed() throws Exception {
        assertThatThrownBy(() -> policy.checkAddresses("u", "http://127.0.0.1:9/in/x").block(WAIT))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("public");
        assertThat(policy.checkAddresses("u", "http://203.0.113.7:8080/x").block(WAIT)).isNotNull();
        WebhookPolicy inside = new WebhookPolicy(List.of("http://127.0.0.1:9/in/"), true, Schedulers.boundedElastic());
        assertThat(inside.checkAddresses("u", "http://127.0.0.1:9/in/x").block(WAIT)).isNotNull();

        for (String a : List.of("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0",
                "100.64.0.1", "224.0.0.1", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
                "240.0.0.1")) {
            assertThat(WebhookPolicy.isPublic(InetAddress.getByName(a))).as(a).isFalse();
        }
        for (String a : List.of("203.0.113.7", "8.8.8.8", "2001:4860:4860::8888", "::ffff:8.8.8.8")) {
            assertThat(WebhookPolicy.isPublic(InetAddress.getByName(a))).as(a).isTrue();
        }
    }
}
