package dev.thumbd.gateway.filter;

import dev.thumbd.gateway.filter.ForwardedHops.Hop;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Who a request comes from, for rate limits, failed API-key attempts and the canary's share. The peer address is the
 * client, unless the peer is a trusted proxy ({@code thumbd.gateway.trusted-proxies}): then the configured header
 * ({@code thumbd.gateway.forwarded-header}: {@code X-Forwarded-For} or {@code Forwarded}, read by
 * {@link ForwardedHops}) is walked from the right, each trusted proxy's hop naming the one before it, and the first
 * hop that is not a trusted proxy is the client. The walk stops at the last trusted proxy when a hop cannot be read
 * ({@code unknown}, garbage), when the chain ends, or after {@value #MAX_HOPS} hops: what is left of that point was
 * written by somebody not trusted, so it names nobody. Without trusted proxies the headers are ignored, since anybody
 * can write them.
 *
 * <p>An IPv6 client is identified by its /64 (one subscriber's network: the addresses within it are the client's to
 * pick), an obfuscated identifier ({@code _abc}) by itself.
 */
public final class ClientAddress {

    /** The most hops walked: longer chains of trusted proxies are not deployed, longer headers are an attack. */
    static final int MAX_HOPS = 16;

    private final AddressBlocks trusted;
    private final ForwardedHops.Source source;

    /** Believes {@code X-Forwarded-For} from {@code trustedProxies}. */
    public ClientAddress(List<String> trustedProxies) {
        this(trustedProxies, ForwardedHops.Source.X_FORWARDED_FOR);
    }

    public ClientAddress(List<String> trustedProxies, ForwardedHops.Source source) {
        this.trusted = AddressBlocks.parse(trustedProxies, "thumbd.gateway.trusted-proxies");
        this.source = source;
    }

    /**
     * The client: its identity (an address, an IPv6 /64, or an obfuscated identifier) and its address when it has
     * one.
     */
    public record Client(String id, @Nullable InetAddress address) {
        static Client of(@Nullable InetAddress a) {
            if (a == null) {
                return new Client("unknown", null);
            }
            if (a instanceof Inet6Address) {
                byte[] b = a.getAddress();
                return new Client(String.format("%x:%x:%x:%x::/64", (b[0] & 0xff) << 8 | (b[1] & 0xff),
                        (b[2] & 0xff) << 8 | (b[3] & 0xff), (b[4] & 0xff) << 8 | (b[5] & 0xff),
                        (b[6] & 0xff) << 8 | (b[7] & 0xff)), a);
            }
            return new Client(a.getHostAddress(), a);
        }
    }

    /** The client's identity. */
    public String of(ServerHttpRequest request) {
        return resolve(request).id();
    }

    public Client resolve(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        InetAddress peer = remote == null ? null : remote.getAddress();
        if (peer == null || !trusted.contains(peer)) {
            return Client.of(peer);
        }
        // the raw header lines: splitting them (commas inside quoted strings) is ForwardedHops' work alone
        List<String> values = request.getHeaders().getOrEmpty(source.header());
        if (values.isEmpty()) {
            return Client.of(peer);
        }
        return walk(peer, ForwardedHops.parse(source, values));
    }

    /** From the right of {@code hops}, as seen by the trusted {@code peer}. */
    Client walk(InetAddress peer, List<Hop> hops) {
        InetAddress last = peer;
        for (int i = hops.size() - 1, walked = 0; i >= 0 && walked < MAX_HOPS; i--, walked++) {
            switch (hops.get(i)) {
                case Hop.Address a -> {
                    if (!trusted.contains(a.address())) {
                        return Client.of(a.address());
                    }
                    last = a.address();
                }
                case Hop.Obfuscated o -> {
                    return new Client(o.id(), null);
                }
                case Hop.Unreadable u -> {
                    return Client.of(last);
                }
            }
        }
        return Client.of(last);
    }
}
