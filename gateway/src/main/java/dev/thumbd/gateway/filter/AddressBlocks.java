package dev.thumbd.gateway.filter;

import java.net.InetAddress;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A configured list of address blocks ({@code 10.0.0.0/8}, {@code 2001:db8::/32}, or single addresses), IPv4 and
 * IPv6. An IPv4-mapped IPv6 address belongs to the IPv4 blocks.
 */
public final class AddressBlocks {

    private final List<Block> blocks;

    private AddressBlocks(List<Block> blocks) {
        this.blocks = blocks;
    }

    /**
     * @param texts    the blocks as configured (blank entries, as an empty environment variable gives, are none)
     * @param property the property they come from, for the message when one is not a block
     */
    public static AddressBlocks parse(List<String> texts, String property) {
        return new AddressBlocks(texts.stream().filter(t -> !t.isBlank()).map(t -> Block.parse(t, property)).toList());
    }

    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    public boolean contains(@Nullable InetAddress address) {
        if (address == null) {
            return false;
        }
        byte[] a = address.getAddress();
        for (Block b : blocks) {
            if (b.contains(a)) {
                return true;
            }
        }
        return false;
    }

    private record Block(byte[] network, int bits) {
        static Block parse(String text, String property) {
            String t = text.strip();
            int slash = t.indexOf('/');
            InetAddress addr = IpLiteral.parse(slash < 0 ? t : t.substring(0, slash));
            if (addr == null) {
                throw new IllegalArgumentException(property + ": '" + text + "' is not an address or CIDR block");
            }
            byte[] network = addr.getAddress();
            int max = network.length * 8;
            int bits;
            if (slash < 0) {
                bits = max;
            } else {
                String prefix = t.substring(slash + 1);
                if (!prefix.matches("[0-9]{1,3}") || Integer.parseInt(prefix) > max) {
                    throw new IllegalArgumentException(property + ": '" + text + "' has a prefix length outside 0-" + max);
                }
                bits = Integer.parseInt(prefix);
            }
            return new Block(network, bits);
        }

        boolean contains(byte[] a) {
            if (a.length != network.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((a[i / 8] & mask) != (network[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
