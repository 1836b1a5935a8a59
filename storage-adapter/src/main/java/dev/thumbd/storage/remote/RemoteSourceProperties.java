package dev.thumbd.storage.remote;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Settings of {@link RemoteSource}. {@link #defaults()} has remote sources switched off.
 *
 * @param enabled          whether {@code src} may be an URL at all; default false
 * @param allowedHosts     host names that may be fetched from: exact ({@code cdn.example.com}) or a subdomain
 *                         wildcard ({@code *.example.com}, which does not match {@code example.com} itself); default
 *                         none
 * @param allowHttp        whether plain {@code http} is allowed besides {@code https}; default false
 * @param allowedAddresses CIDR blocks that may be connected to although they are not public (for example an
 *                         internal origin's {@code 10.1.2.0/24}); default none
 * @param maxRedirects     redirects followed per fetch, each re-checked; default 3
 * @param maxBytes         largest body accepted; default 64 MiB (the probe's source limit)
 * @param connectTimeout   TCP (and TLS) connect limit; default 2 s
 * @param readTimeout      limit for the response headers and for each gap between body reads; default 5 s
 * @param totalTimeout     limit for the whole fetch including redirects; default 30 s
 */
public record RemoteSourceProperties(boolean enabled, Set<String> allowedHosts, boolean allowHttp,
                                     List<String> allowedAddresses, int maxRedirects, long maxBytes,
                                     Duration connectTimeout, Duration readTimeout, Duration totalTimeout) {
    public RemoteSourceProperties {
        allowedHosts = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        allowedAddresses = List.copyOf(allowedAddresses);
        allowedAddresses.forEach(AddressBlock::parse);
        if (maxRedirects < 0 || maxBytes < 1) {
            throw new IllegalArgumentException("maxRedirects must be >= 0 and maxBytes >= 1");
        }
    }

    /** Remote sources off. */
    public static RemoteSourceProperties defaults() {
        return new RemoteSourceProperties(false, Set.of(), false, List.of(), 3, 64L * 1024 * 1024,
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    /** Remote sources on, https only, for {@code hosts}, other settings unchanged. */
    public RemoteSourceProperties enabledFor(Set<String> hosts) {
        return new RemoteSourceProperties(true, hosts, allowHttp, allowedAddresses, maxRedirects, maxBytes,
                connectTimeout, readTimeout, totalTimeout);
    }

    /** Whether {@code host} (lowercase) is on the allow-list. */
    boolean allowsHost(String host) {
        for (String allowed : allowedHosts) {
            if (allowed.equals(host)
                    || allowed.startsWith("*.") && host.endsWith(allowed.substring(1))) {
                return true;
            }
        }
        return false;
    }
}
