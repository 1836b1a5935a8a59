package dev.thumbd.gateway.filter;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.jspecify.annotations.Nullable;

/**
 * IP address literals, read strictly and never looked up: IPv4 only as four decimal octets without leading zeros
 * ({@code 127.1}, {@code 0x7f.0.0.1} and {@code 017.0.0.1}, which other parsers read as addresses, are not
 * addresses here), IPv6 in any RFC 4291 text form without a zone. An IPv4-mapped IPv6 address is its IPv4 address.
 */
public final class IpLiteral {

    /** The longest IPv6 text form: eight groups, or six and a dotted quad. */
    private static final int MAX_IPV6 = 45;

    private IpLiteral() {
    }

    /** The address {@code text} spells, or null for anything else. */
    public static @Nullable InetAddress parse(String text) {
        if (text.isEmpty() || text.length() > MAX_IPV6) {
            return null;
        }
        return text.indexOf(':') >= 0 ? ipv6(text) : ipv4(text);
    }

    private static @Nullable InetAddress ipv4(String s) {
        byte[] b = new byte[4];
        int part = 0;
        int i = 0;
        while (part < 4) {
            int start = i;
            int value = 0;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 3) {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
                return null;
            }
            b[part++] = (byte) value;
            if (part < 4) {
                if (i >= s.length() || s.charAt(i) != '.') {
                    return null;
                }
                i++;
            }
        }
        if (i != s.length()) {
            return null;
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (java.net.UnknownHostException e) {
            return null;   // four bytes are always an address
        }
    }

    private static @Nullable InetAddress ipv6(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':'
                    || c == '.';
            if (!ok) {
                return null;   // zones (%eth0), brackets, ports and names are the caller's to strip or refuse
            }
        }
        try {
            InetAddress a = Inet6Address.ofLiteral(s);
            if (a instanceof Inet4Address && s.indexOf('.') >= 0 && ipv4(s.substring(s.lastIndexOf(':') + 1)) == null) {
                return null;   // a mapped IPv4 part must be as strict as a plain one
            }
            return a;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
