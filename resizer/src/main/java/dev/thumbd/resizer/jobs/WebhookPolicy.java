package dev.thumbd.resizer.jobs;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.spec.InvalidParameterException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Which completion-notification URLs a job may name: the URL is the client's input, so it must lie under one of the
 * configured prefixes ({@code thumbd.jobs.webhooks.allowed}; none configured: every URL is refused), be {@code http}
 * or {@code https} without user info or fragment, and resolve only to public addresses (no loopback, private,
 * link-local, unique-local, multicast or unspecified one) unless {@code allowPrivate}. The prefix match is on the
 * parsed URL: same scheme, same host (case-insensitive), same port, and a path under the prefix's path, so
 * {@code https://hooks.example.com/} does not admit {@code https://hooks.example.com.evil.net/}.
 */
public final class WebhookPolicy {

    /** The longest URL a job may name. */
    public static final int MAX_LENGTH = 2048;

    private final List<URI> allowed;
    private final boolean allowPrivate;
    private final Scheduler resolver;

    /**
     * @param allowed      URL prefixes ({@code https://hooks.example.com/thumbd/}); empty: notifications are off
     * @param allowPrivate whether a URL may resolve to loopback or private addresses (a receiver inside the network)
     * @param resolver     where the blocking name lookups run
     */
    public WebhookPolicy(List<String> allowed, boolean allowPrivate, Scheduler resolver) {
        this.allowed = allowed.stream().map(p -> {
            URI u = parse(p);
            if (u == null) {
                throw new IllegalArgumentException("thumbd.jobs.webhooks.allowed: not an http(s) URL prefix: " + p);
            }
            return u;
        }).toList();
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
    }

    /** Whether any URL can be allowed. */
    public boolean enabled() {
        return !allowed.isEmpty();
    }

    /** The URL, checked against the prefixes (no lookup); 400 naming {@code parameter} when refused. */
    public URI check(String parameter, String url) {
        if (allowed.isEmpty()) {
            throw new InvalidParameterException(parameter, "no notification URL (completion notifications are off: "
                    + "thumbd.jobs.webhooks.allowed is empty)", url);
        }
        URI u = url.length() > MAX_LENGTH ? null : parse(url);
        if (u == null) {
            throw new InvalidParameterException(parameter, "an http or https URL of at most " + MAX_LENGTH
                    + " characters without user info or fragment", url);
        }
        if (allowed.stream().noneMatch(p -> under(u, p))) {
            throw new InvalidParameterException(parameter, "a URL under an allowed notification prefix", url);
        }
        return u;
    }

    /**
     * {@link #check} and then the host's addresses: emits the URL when every address is allowed, else a 400
     * ({@code parameter} named) problem. Looked up on the resolver scheduler, never on the caller's thread.
     */
    public Mono<URI> checkAddresses(String parameter, String url) {
        URI u = check(parameter, url);
        if (allowPrivate) {
            return Mono.just(u);
        }
        return Mono.fromCallable(() -> {
            InetAddress[] addresses;
            try {
                addresses = InetAddress.getAllByName(u.getHost());
            } catch (UnknownHostException e) {
                throw new InvalidParameterException(parameter, "a URL whose host resolves", url);
            }
            for (InetAddress a : addresses) {
                if (!isPublic(a)) {
                    throw new InvalidParameterException(parameter, "a URL whose host resolves to public addresses "
                            + "only (thumbd.jobs.webhooks.allow-private is off)", url);
                }
            }
            return u;
        }).subscribeOn(resolver);
    }

    /** The same check at delivery: a refusal is a {@link ProblemException} the sender counts as refused. */
    Mono<URI> checkAtDelivery(String url) {
        return Mono.defer(() -> checkAddresses("notificationUrl", url));
    }

    /** Not loopback, site-local (10/8, 172.16/12, 192.168/16), link-local, unique-local (fc00::/7), multicast, any. */
    static boolean isPublic(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return false;   // unique local
            }
            boolean mapped = true;   // ::ffff:a.b.c.d: the IPv4 address decides
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return isPublic(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
            return true;
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        // 0/8, carrier-grade NAT 100.64/10, 192.0.0/24, benchmarking 198.18/15, reserved 240/4
        return first != 0 && !(first == 100 && second >= 64 && second < 128)
                && !(first == 192 && second == 0 && (b[2] & 0xff) == 0)
                && !(first == 198 && (second == 18 || second == 19)) && first < 240;
    }

    private static boolean under(URI u, URI prefix) {
        return u.getScheme().equals(prefix.getScheme()) && u.getHost().equals(prefix.getHost())
                && port(u) == port(prefix) && path(u).startsWith(path(prefix));
    }

    private static String path(URI u) {
        String p = u.getRawPath();
        return p == null || p.isEmpty() ? "/" : p;
    }

    private static int port(URI u) {
        return u.getPort() != -1 ? u.getPort() : u.getScheme().equals("https") ? 443 : 80;
    }

    /** An absolute http(s) URL with a host, no user info, no fragment; scheme and host lower-cased. */
    private static @Nullable URI parse(String s) {
        try {
            URI u = new URI(s);
            if (u.getScheme() == null || u.getHost() == null || u.getRawUserInfo() != null
                    || u.getRawFragment() != null || u.isOpaque()) {
                return null;
            }
            String scheme = u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return null;
            }
            String path = u.getRawPath();
            if (path != null && (path.contains("/../") || path.endsWith("/..") || path.contains("/./")
                    || path.toLowerCase(Locale.ROOT).contains("%2e") || path.toLowerCase(Locale.ROOT).contains("%2f"))) {
                return null;
            }
            return new URI(scheme + "://" + u.getRawAuthority().toLowerCase(Locale.ROOT)
                    + (path == null ? "" : path) + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
