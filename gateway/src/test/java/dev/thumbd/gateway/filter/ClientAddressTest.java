package dev.thumbd.gateway.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thumbd.gateway.filter.ForwardedHops.Source;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

/**
 * Client addresses read as an attacker would write them. The rule under test: the headers count only when the peer
 * is a trusted proxy, and then only to the right of (and including) the first hop that is not a trusted proxy; what
 * a client writes itself is to the left of the address its first trusted proxy appends, so it never decides.
 */
class ClientAddressTest {

    private static final List<String> TRUSTED = List.of("10.0.0.0/8", "::1", "2001:db8:ffff::/48");

    private static MockServerHttpRequest from(String peer, String header, String... values) {
        MockServerHttpRequest.BaseBuilder<?> b = MockServerHttpRequest.get("/v1/resize")
                .remoteAddress(new InetSocketAddress(peer, 40000));
        for (String v : values) {
            b.header(header, v);
        }
        return b.build();
    }

    private static MockServerHttpRequest xff(String peer, String... values) {
        return from(peer, "X-Forwarded-For", values);
    }

    private static MockServerHttpRequest fwd(String peer, String... values) {
        return from(peer, "Forwarded", values);
    }

    private final ClientAddress byXff = new ClientAddress(TRUSTED, Source.X_FORWARDED_FOR);
    private final ClientAddress byForwarded = new ClientAddress(TRUSTED, Source.FORWARDED);

    @Test
    void forwardedForIsIgnoredUnlessThePeerIsTrusted() {
        ClientAddress none = new ClientAddress(List.of());
        assertThat(none.of(xff("203.0.113.9", "1.2.3.4"))).isEqualTo("203.0.113.9");
        assertThat(byXff.of(xff("203.0.113.9", "1.2.3.4"))).isEqualTo("203.0.113.9");
        assertThat(byForwarded.of(fwd("203.0.113.9", "for=1.2.3.4"))).isEqualTo("203.0.113.9");
        // rightmost untrusted hop: a client cannot hide behind a value it wrote itself
        assertThat(byXff.of(xff("10.1.2.3", "6.6.6.6, 198.51.100.7, 10.9.9.9"))).isEqualTo("198.51.100.7");
        assertThat(byXff.of(xff("10.1.2.3", "6.6.6.6", "198.51.100.7"))).isEqualTo("198.51.100.7");
        assertThat(byXff.of(xff("10.1.2.3"))).isEqualTo("10.1.2.3");
        assertThat(byXff.of(xff("::1", "2001:db8::5"))).isEqualTo("2001:db8:0:0::/64");
    }

    @Test
    void onlyTheConfiguredHeaderIsRead() {
        // a proxy that appends to X-Forwarded-For passes a client's own Forwarded header through untouched
        assertThat(byXff.of(from("10.0.0.1", "Forwarded", "for=10.0.0.2;proto=https"))).isEqualTo("10.0.0.1");
        assertThat(byForwarded.of(xff("10.0.0.1", "10.0.0.2"))).isEqualTo("10.0.0.1");
    }

    @Test
    void forwardedElementsWithPortsBracketsQuotesAndOtherParameters() {
        assertThat(byForwarded.of(fwd("10.0.0.1", "for=192.0.2.60;proto=http;by=203.0.113.43")))
                .isEqualTo("192.0.2.60");
        assertThat(byForwarded.of(fwd("10.0.0.1", "For=\"[2001:db8:cafe::17]:4711\"")))
                .isEqualTo("2001:db8:cafe:0::/64");
        assertThat(byForwarded.of(fwd("10.0.0.1", "for=\"192.0.2.43:47011\", for=10.2.2.2")))
                .isEqualTo("192.0.2.43");
        assertThat(byForwarded.of(fwd("10.0.0.1", "for=198.51.100.1, for=\"[::1]\";by=_proxy", "for=10.3.3.3")))
                .isEqualTo("198.51.100.1");
        assertThat(byForwarded.of(fwd("10.0.0.1", "proto=https;for=\"198.51.100.2:_port\" ;host=\"a,b\"")))
                .isEqualTo("198.51.100.2");
        // commas inside quotes do not split elements
        assertThat(byForwarded.of(fwd("10.0.0.1", "for=198.51.100.3, host=\"x, for=10.0.0.9\";for=10.0.0.8")))
                .isEqualTo("198.51.100.3");
    }

    @Test
    void xForwardedForWithPortsAndBrackets() {
        assertThat(byXff.of(xff("10.0.0.1", "198.51.100.9:5678"))).isEqualTo("198.51.100.9");
        assertThat(byXff.of(xff("10.0.0.1", "[2001:db8:1:2::9]:443"))).isEqualTo("2001:db8:1:2::/64");
        assertThat(byXff.of(xff("10.0.0.1", "2001:DB8:1:2:0:0:0:1"))).isEqualTo("2001:db8:1:2::/64");
        assertThat(byXff.of(xff("10.0.0.1", " 198.51.100.9 ,, 10.0.0.3 "))).isEqualTo("198.51.100.9");
    }

    @Test
    void obfuscatedIdentifiersAndUnknown() {
        assertThat(byForwarded.of(fwd("10.0.0.1", "for=_hidden, for=10.0.0.2"))).isEqualTo("_hidden");
        assertThat(byForwarded.of(fwd("10.0.0.1", "for=\"_SEVKISEK\""))).isEqualTo("_SEVKISEK");
        // unknown names nobody: the walk stops at the last trusted proxy, whatever is further left
        assertThat(byForwarded.of(fwd("10.0.0.1", "for=203.0.113.1, for=unknown, for=10.0.0.2"))).isEqualTo("10.0.0.2");
        assertThat(byXff.of(xff("10.0.0.1", "203.0.113.1, unknown"))).isEqualTo("10.0.0.1");
        // an element without for, or with two, names nobody either
        assertThat(byForwarded.of(fwd("10.0.0.1", "for=203.0.113.1, proto=https"))).isEqualTo("10.0.0.1");
        assertThat(byForwarded.of(fwd("10.0.0.1", "for=203.0.113.1, for=1.1.1.1;for=2.2.2.2"))).isEqualTo("10.0.0.1");
        // an obfuscated identifier must be one
        assertThat(byForwarded.of(fwd("10.0.0.1", "for=\"_a b\""))).isEqualTo("10.0.0.1");
        assertThat(byForwarded.of(fwd("10.0.0.1", "for=_" + "x".repeat(100)))).isEqualTo("10.0.0.1");
    }

    @Test
    void addressesOnlyInTheirPlainForm() {
        // forms other parsers read as 127.0.0.1 or 10.0.0.1 are not addresses: not trusted, not clients
        for (String odd : List.of("127.1", "0x7f.0.0.1", "017.0.0.1", "10.0.0.1.", "1.2.3.4.5", "256.1.1.1",
                "10.0.0.01", "localhost", "fe80::1%eth0", "[10.0.0.1]", "10.0.0.1:0", "10.0.0.1:65536",
                "10.0.0.1:80:80", "::ffff:010.0.0.1", "1:2:3:4:5:6:7:8:9", "_", "[::1")) {
            assertThat(byXff.of(xff("10.0.0.1", "203.0.113.5, " + odd))).as(odd).isEqualTo("10.0.0.1");
            assertThat(IpLiteral.parse(odd)).as(odd).isNull();
        }
        // an IPv4-mapped IPv6 address is its IPv4 address: a trusted proxy in either spelling
        assertThat(byXff.of(xff("10.0.0.1", "203.0.113.5, ::ffff:10.0.0.7"))).isEqualTo("203.0.113.5");
        assertThat(byXff.of(xff("::ffff:10.0.0.1", "203.0.113.6"))).isEqualTo("203.0.113.6");
    }

    @Test
    void hugeChainsAreCutAtTheLastTrustedProxy() {
        String trustedChain = "10.0.0.9, ".repeat(20_000) + "10.0.0.8";
        // past the most hops walked, the last trusted proxy walked is the client, not what a client put further left
        assertThat(byXff.of(xff("10.0.0.1", "198.51.100.1, " + trustedChain))).isEqualTo("10.0.0.9");
        String quotes = "for=\"" + "\\\"".repeat(50_000);   // an unterminated quoted string of escapes
        assertThat(byForwarded.of(fwd("10.0.0.1", quotes))).isEqualTo("10.0.0.1");
        String elements = "for=198.51.100.1, ".repeat(30_000);
        assertThat(byForwarded.of(fwd("10.0.0.1", elements))).isEqualTo("198.51.100.1");
        String pairs = "for=198.51.100.1;".repeat(30_000);   // one element, many for: names nobody
        assertThat(byForwarded.of(fwd("10.0.0.1", pairs))).isEqualTo("10.0.0.1");
    }

    @Test
    void trustedProxiesMustBeAddresses() {
        assertThatThrownBy(() -> new ClientAddress(List.of("proxy.example.com"))).hasMessageContaining("proxy.example.com");
        assertThatThrownBy(() -> new ClientAddress(List.of("10.0.0.0/33"))).hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> new ClientAddress(List.of("::/129"))).hasMessageContaining("::/129");
        assertThatThrownBy(() -> new ClientAddress(List.of("127.1/8"))).hasMessageContaining("127.1/8");
        assertThatThrownBy(() -> ForwardedHops.Source.of("x-real-ip")).hasMessageContaining("x-real-ip");
    }

    // ---- properties: seeded random chains, every run the same -------------------------------------------------

    private static final String[] TRUSTED_HOPS = {"10.0.0.1", "10.200.3.4", "::1", "2001:db8:ffff:1::2"};

    /** Something a client may write: spoofed trusted addresses, other clients, junk. */
    private static String spoof(Random r) {
        return switch (r.nextInt(9)) {
            case 0 -> TRUSTED_HOPS[r.nextInt(TRUSTED_HOPS.length)];
            case 1 -> "198.51.100." + r.nextInt(256);
            case 2 -> "unknown";
            case 3 -> "_" + Long.toString(r.nextLong() & Long.MAX_VALUE, 36);
            case 4 -> "[2001:db8:" + Integer.toHexString(r.nextInt(65536)) + "::1]:" + (1 + r.nextInt(65535));
            case 5 -> junk(r, 1 + r.nextInt(12));
            case 6 -> "127.1";
            case 7 -> "10.0.0.1:99999";
            default -> "";
        };
    }

    private static String junk(Random r, int length) {
        String alphabet = "0123456789abcdef:.[]_\"\\;,= \t%/-xXunkow";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    /** How a proxy may spell an address it appends (both headers). */
    private static String spell(Random r, String address, boolean forwarded) {
        boolean v6 = address.indexOf(':') >= 0;
        String node = switch (r.nextInt(3)) {
            case 0 -> address;
            case 1 -> v6 ? "[" + address + "]:" + (1 + r.nextInt(65535)) : address + ":" + (1 + r.nextInt(65535));
            default -> v6 ? "[" + address + "]" : address;
        };
        if (!forwarded) {
            return node;
        }
        String value = v6 || node.indexOf(':') >= 0 || r.nextBoolean() ? "\"" + node + "\"" : node;
        return switch (r.nextInt(3)) {
            case 0 -> "for=" + value;
            case 1 -> "proto=https;for=" + value + ";by=_edge";
            default -> "FOR=" + value + ";host=\"x.example, y\"";
        };
    }

    private static String[] asHeaderLines(Random r, List<String> elements) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String e : elements) {
            if (!line.isEmpty() && r.nextInt(4) == 0) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (!line.isEmpty()) {
                line.append(r.nextBoolean() ? ", " : ",");
            }
            line.append(e);
        }
        lines.add(line.toString());
        return lines.toArray(String[]::new);
    }

    @Test
    void whateverAClientPrependsTheFirstUntrustedHopIsTheClient() {
        Random r = new Random(0x7239L);
        for (int run = 0; run < 5_000; run++) {
            boolean forwarded = r.nextBoolean();
            List<String> elements = new ArrayList<>();
            for (int i = r.nextInt(6); i > 0; i--) {
                String s = spoof(r);
                elements.add(forwarded && r.nextBoolean() ? "for=" + s : s);
            }
            String client = r.nextBoolean() ? "203.0.113." + r.nextInt(256)
                    : "2001:db8:" + Integer.toHexString(r.nextInt(0xfff0)) + ":7::" + Integer.toHexString(r.nextInt(65536));
            elements.add(spell(r, client, forwarded));
            for (int i = r.nextInt(4); i > 0; i--) {
                elements.add(spell(r, TRUSTED_HOPS[r.nextInt(TRUSTED_HOPS.length)], forwarded));
            }
            String[] lines = asHeaderLines(r, elements);
            String peer = TRUSTED_HOPS[r.nextInt(TRUSTED_HOPS.length)];
            ClientAddress reader = forwarded ? byForwarded : byXff;
            MockServerHttpRequest request = forwarded ? fwd(peer, lines) : xff(peer, lines);
            ClientAddress.Client expected = ClientAddress.Client.of(IpLiteral.parse(client));
            assertThat(reader.resolve(request)).as(String.join(" | ", lines)).isEqualTo(expected);
        }
    }

    @Test
    void anUntrustedPeerIsTheClientWhateverItWrites() {
        Random r = new Random(0x5f00fL);
        for (int run = 0; run < 2_000; run++) {
            List<String> elements = new ArrayList<>();
            for (int i = 1 + r.nextInt(6); i > 0; i--) {
                elements.add(r.nextBoolean() ? spoof(r) : "for=" + spoof(r));
            }
            String peer = "198.51.100." + r.nextInt(256);
            String[] lines = asHeaderLines(r, elements);
            assertThat(byXff.of(xff(peer, lines))).isEqualTo(peer);
            assertThat(byForwarded.of(fwd(peer, lines))).isEqualTo(peer);
        }
    }

    @Test
    void garbageNeverFailsAndNeverNamesAnAddressItDoesNotContain() {
        Random r = new Random(0xbadL);
        for (int run = 0; run < 5_000; run++) {
            String header = junk(r, r.nextInt(80));
            for (ClientAddress reader : List.of(byXff, byForwarded)) {
                ClientAddress.Client c = reader.resolve(reader == byXff ? xff("10.0.0.1", header)
                        : fwd("10.0.0.1", header));
                assertThat(c.id()).as(header).hasSizeLessThanOrEqualTo(64);
                if (c.address() == null) {
                    // an obfuscated identifier, spelled in the header as it is
                    assertThat(c.id()).as(header).startsWith("_");
                    assertThat(header).as(header).contains(c.id());
                } else if (c.address() instanceof java.net.Inet4Address && !c.id().equals("10.0.0.1")) {
                    // an IPv4 address is read in one spelling only, so the header has it as it is
                    assertThat(header).as(header).contains(c.id());
                }
            }
        }
    }
}
