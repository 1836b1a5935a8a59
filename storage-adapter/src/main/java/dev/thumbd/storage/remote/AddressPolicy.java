package dev.thumbd.storage.remote;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/*
 * Design notes
 *
 * The refused ranges are the IANA special-purpose registries (RFC 6890 and its updates; RFC 6598 for 100.64/10,
 * RFC 4193 for fc00::/7, RFC 4291 for ::/128, ::1, fe80::/10, ff00::/8, RFC 3879 for the old fec0::/10 site-local
 * block): everything that is not a public unicast address is refused. IPv6 forms that carry an IPv4 address
 * (IPv4-mapped ::ffff:0:0/96, the deprecated IPv4-compatible ::/96, NAT64 64:ff9b::/96 and 6to4 2002::/16) are
 * judged by the IPv4 address inside them, so ::ffff:127.0.0.1 is loopback. Operators may allow specific blocks
 * explicitly (for an internal origin, or 127.0.0.0/8 in tests).
 */

/** Decides whether thumbd may connect to an address. */
final class AddressPolicy {
    private static final List<AddressBlock> NON_PUBLIC = List.of(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
            "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
            "::/128", "::1/128", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32", "fc00::/7",
            "fe80::/10", "fec0::/10", "ff00::/8").stream().map(AddressBlock::parse).toList();

    private static final AddressBlock MAPPED = AddressBlock.parse("::ffff:0:0/96");
    private static final AddressBlock COMPATIBLE = AddressBlock.parse("::/96");
    private static final AddressBlock NAT64 = AddressBlock.parse("64:ff9b::/96");
    private static final AddressBlock SIX_TO_FOUR = AddressBlock.parse("2002::/16");

    private final List<AddressBlock> allowed;

    /** @param allowed blocks that are allowed even though they are not public */
    AddressPolicy(List<AddressBlock> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    boolean permits(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (allowed.stream().anyMatch(b -> b.contains(bytes))) {
            return true;
        }
        return isPublic(bytes);
    }

    /** Whether {@code bytes} (4 or 16) is a public unicast address. */
    static boolean isPublic(byte[] bytes) {
        if (bytes.length == 16) {
            byte[] embedded = embeddedIpv4(bytes);
            if (embedded != null) {
                return isPublic(embedded);
            }
        }
        return NON_PUBLIC.stream().noneMatch(b -> b.contains(bytes));
    }

    private static byte @Nullable [] embeddedIpv4(byte[] v6) {
        if (MAPPED.contains(v6) || NAT64.contains(v6)) {
            return Arrays.copyOfRange(v6, 12, 16);
        }
        if (COMPATIBLE.contains(v6) && !isUnspecifiedOrLoopback(v6)) {
            return Arrays.copyOfRange(v6, 12, 16);
        }
        if (SIX_TO_FOUR.contains(v6)) {
            return Arrays.copyOfRange(v6, 2, 6);
        }
        return null;
    }

    private static boolean isUnspecifiedOrLoopback(byte[] v6) {
        for (int i = 0; i < 15; i++) {
            if (v6[i] != 0) {
                return false;
            }
        }
        return v6[15] == 0 || v6[15] == 1;
    }
}
