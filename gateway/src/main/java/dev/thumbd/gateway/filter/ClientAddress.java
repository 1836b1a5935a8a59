package dev.thumbd.gateway.filter;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The client's address for rate limiting. The peer address is the client, unless the peer is a trusted proxy
 * ({@code thumbd.gateway.trusted-proxies}): then {@code X-Forwarded-For} is read from the right, skipping trusted
 * proxies, and the first untrusted address is the client. Without trusted proxies the header is ignored, since
 * anybody can write it.
 */
public final class ClientAddress {

    private final List<Cidr> trusted;

    public ClientAddress(List<String> trustedProxies) {
        this.trusted = trustedProxies.stream().map(Cidr::parse).toList();
    }

    public String of(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        String peer = remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
        if (!isTrusted(peer)) {
            return peer;
        }
        List<String> forwarded = request.getHeaders().getValuesAsList("X-Forwarded-For");
        for (int i = forwarded.size() - 1; i >= 0; i--) {
            String hop = forwarded.get(i).strip();
            if (!hop.isEmpty() && !isTrusted(hop)) {
                return hop;
            }
        }
        return peer;
    }

    private boolean isTrusted(String address) {
        for (Cidr c : trusted) {
            if (c.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** An address block: {@code 10.0.0.0/8}, {@code ::1/128}, or a single address. */
    record Cidr(byte[] network, int bits) {
        static Cidr parse(String text) {
            String t = text.strip();
            int slash = t.indexOf('/');
            byte[] addr = literal(slash < 0 ? t : t.substring(0, slash));
            if (addr == null) {
                throw new IllegalArgumentException("thumbd.gateway.trusted-proxies: '" + text + "' is not an address or CIDR block");
            }
            int bits = slash < 0 ? addr.length * 8 : Integer.parseInt(t.substring(slash + 1));
            return new Cidr(addr, bits);
        }

        boolean contains(String address) {
            byte[] a = literal(address);
            if (a == null || a.length != network.length) {
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

        /** The bytes of an IP literal, or null for anything else (never a DNS lookup). */
        private static byte[] literal(String s) {
            if (!s.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
                return null;
            }
            try {
                return InetAddress.getByName(s).getAddress();
            } catch (UnknownHostException e) {
                return null;
            }
        }
    }
}
