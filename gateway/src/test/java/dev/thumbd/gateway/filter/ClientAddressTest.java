package dev.thumbd.gateway.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

class ClientAddressTest {

    private static MockServerHttpRequest from(String peer, String... forwardedFor) {
        MockServerHttpRequest.BaseBuilder<?> b = MockServerHttpRequest.get("/v1/resize")
                .remoteAddress(new InetSocketAddress(peer, 40000));
        for (String f : forwardedFor) {
            b.header("X-Forwarded-For", f);
        }
        return b.build();
    }

    @Test
    void forwardedForIsIgnoredUnlessThePeerIsTrusted() {
        ClientAddress none = new ClientAddress(List.of());
        assertThat(none.of(from("203.0.113.9", "1.2.3.4"))).isEqualTo("203.0.113.9");
        ClientAddress proxies = new ClientAddress(List.of("10.0.0.0/8", "::1"));
        assertThat(proxies.of(from("203.0.113.9", "1.2.3.4"))).isEqualTo("203.0.113.9");
        // rightmost untrusted hop: a client cannot hide behind a value it wrote itself
        assertThat(proxies.of(from("10.1.2.3", "6.6.6.6, 198.51.100.7, 10.9.9.9"))).isEqualTo("198.51.100.7");
        assertThat(proxies.of(from("10.1.2.3", "6.6.6.6", "198.51.100.7"))).isEqualTo("198.51.100.7");
        assertThat(proxies.of(from("10.1.2.3"))).isEqualTo("10.1.2.3");
        assertThat(proxies.of(from("::1", "2001:db8::5"))).isEqualTo("2001:db8::5");
    }

    @Test
    void trustedProxiesMustBeAddresses() {
        assertThatThrownBy(() -> new ClientAddress(List.of("proxy.example.com"))).hasMessageContaining("proxy.example.com");
    }
}
