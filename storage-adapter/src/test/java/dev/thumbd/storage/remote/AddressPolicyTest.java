package dev.thumbd.storage.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AddressPolicyTest {
    private final AddressPolicy strict = new AddressPolicy(List.of());

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "10.1.2.3", "100.64.0.1", "127.0.0.1", "127.255.255.254", "169.254.169.254",
            "172.16.0.1", "172.31.255.255", "192.168.1.1", "192.0.2.1", "198.18.0.1", "224.0.0.1", "239.1.1.1",
            "240.0.0.1", "255.255.255.255", "::", "::1", "fe80::1", "fc00::1", "fd12:3456::1", "fec0::1", "ff02::1",
            "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::127.0.0.1", "64:ff9b::7f00:1", "64:ff9b::a00:1",
            "2002:7f00:1::1", "2002:a9fe:a9fe::1", "2001:db8::1", "2001::1"})
    void refusesEveryNonPublicAddress(String literal) throws Exception {
        assertThat(strict.permits(InetAddress.getByName(literal))).as(literal).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "93.184.215.14", "172.32.0.1", "100.128.0.1", "2606:4700::1111",
            "2a00:1450:4001::200e", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"})
    void permitsPublicAddresses(String literal) throws Exception {
        assertThat(strict.permits(InetAddress.getByName(literal))).as(literal).isTrue();
    }

    @Test
    void judgesIpv4MappedAddressesThatStayIpv6() throws Exception {
        // InetAddress.getByName turns ::ffff:a.b.c.d into an Inet4Address; a resolver may hand over the v6 form.
        byte[] mapped = HexFormat.of().parseHex("00000000000000000000ffff7f000001");
        assertThat(strict.permits(Inet6Address.getByAddress("x", mapped, null))).isFalse();
    }

    @Test
    void explicitlyAllowedBlocksOverrideTheDefaults() throws Exception {
        AddressPolicy internal = new AddressPolicy(List.of(AddressBlock.parse("10.1.2.0/24"),
                AddressBlock.parse("::1")));
        assertThat(internal.permits(InetAddress.getByName("10.1.2.200"))).isTrue();
        assertThat(internal.permits(InetAddress.getByName("10.1.3.1"))).isFalse();
        assertThat(internal.permits(InetAddress.getByName("::1"))).isTrue();
        assertThat(internal.permits(InetAddress.getByName("127.0.0.1"))).isFalse();
    }

    @Test
    void blocksAreLiteralsOnly() {
        assertThatThrownBy(() -> AddressBlock.parse("localhost/8")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AddressBlock.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThat(AddressBlock.parse("172.16.0.0/12").contains(new byte[] {(byte) 172, 31, 0, 1})).isTrue();
        assertThat(AddressBlock.parse("172.16.0.0/12").contains(new byte[] {(byte) 172, 32, 0, 1})).isFalse();
    }
}
