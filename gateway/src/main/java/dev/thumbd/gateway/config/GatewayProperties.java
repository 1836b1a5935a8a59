package dev.thumbd.gateway.config;

import dev.thumbd.http.ServerTimeouts;
import dev.thumbd.signing.SigningKeys;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Everything the gateway reads under {@code thumbd.*} (listed in docs/CONFIGURATION.md).
 *
 * @param gateway the gateway's own settings
 * @param signing URL signing keys, the same properties the resizer reads
 * @param presets named presets, as on the resizer (they must agree: a preset is expanded before signing)
 * @param server  how long a client may take to send a request ({@code thumbd.server.*}, as on the resizer)
 */
@ConfigurationProperties("thumbd")
public record GatewayProperties(@DefaultValue Gateway gateway, @DefaultValue Signing signing,
        @DefaultValue Map<String, String> presets, @DefaultValue ServerTimeouts server) {

    /**
     * @param resizers          the resizer replicas ({@code http://host:port}); at least one
     * @param allowUnsigned     serve unsigned {@code /v1/resize} URLs (signed ones are still checked); without signing
     *                          keys the gateway refuses to start unless this is set
     * @param apiKeys           SHA-256 hex digests of the API keys allowed on write endpoints (keys are never stored)
     * @param resizerToken      the write token the gateway presents to the resizers on behalf of a valid API key
     * @param droppedParameters non-semantic query parameters dropped besides {@code utm_*}
     * @param replicaCooldown   how long a replica that refused a connection is passed over
     * @param rateLimit         request rate limits
     * @param trustedProxies    addresses ({@code 10.0.0.0/8}, {@code 127.0.0.1}, {@code 2001:db8::/32}) whose
     *                          {@code forwardedHeader} is believed (docs/CDN.md#client-addresses)
     * @param forwardedHeader   the header trusted proxies name their clients in: {@code x-forwarded-for} or
     *                          {@code forwarded} (RFC 7239); only one is read, the one the proxies append to
     * @param canary            the canary pool and its share
     * @param maxUploadSize     largest request body (uploads); larger ones are refused with 413
     * @param breakerOpenWait   how long a replica's open circuit breaker passes it over before trial requests
     * @param resizersDns       {@code host:port} whose DNS addresses are the replicas (a headless Service), instead
     *                          of the static {@code resizers} list
     * @param dnsRefresh        how often that name is resolved again
     * @param cache             the gateway's cache of hot thumbnails
     * @param replicaHeader     name the replica that answered in {@code X-Thumbd-Replica} (internal addresses: off
     *                          unless enabled, for debugging)
     * @param quarantine        requests whose replica died while working on them
     */
    public record Gateway(@DefaultValue List<URI> resizers, @DefaultValue("false") boolean allowUnsigned,
            @DefaultValue List<String> apiKeys, @Nullable String resizerToken,
            @DefaultValue List<String> droppedParameters, @DefaultValue("10s") Duration replicaCooldown,
            @DefaultValue RateLimit rateLimit, @DefaultValue List<String> trustedProxies,
            @DefaultValue Canary canary, @DefaultValue("64MB") DataSize maxUploadSize,
            @DefaultValue("10s") Duration breakerOpenWait, @Nullable String resizersDns,
            @DefaultValue("10s") Duration dnsRefresh, @DefaultValue Cache cache,
            @DefaultValue("false") boolean replicaHeader, @DefaultValue Quarantine quarantine,
            @DefaultValue("x-forwarded-for") String forwardedHeader) {
    }

    /**
     * A request whose replica closed or reset the connection while it worked on it (the replica died, most likely
     * because of this request) is not sent on to another replica: its fingerprint is answered with 503
     * {@code quarantined} for a while (docs/SECURITY.md#poison-pills).
     *
     * @param enabled quarantine at all
     * @param ttl     how long a fingerprint stays quarantined
     * @param sharing {@code local} or {@code redis} (quarantines announced to the other gateways on a Redis channel;
     *                {@code spring.data.redis.*})
     */
    public record Quarantine(@DefaultValue("true") boolean enabled, @DefaultValue("10m") Duration ttl,
            @DefaultValue("local") String sharing) {
        public Quarantine {
            if (!sharing.equals("local") && !sharing.equals("redis")) {
                throw new IllegalArgumentException("thumbd.gateway.quarantine.sharing is local or redis, not '"
                        + sharing + "'");
            }
        }
    }

    /**
     * Thumbnails the gateway answers itself for a while after passing them on (docs/GATEWAY.md#hot-thumbnails).
     *
     * @param enabled      keep them at all
     * @param maxSize      bound of all kept thumbnails together
     * @param maxEntrySize largest thumbnail kept
     * @param ttl          longest time one is served from here (less when its {@code max-age} is shorter); with
     *                     several gateways and local invalidation, how long another gateway may serve a thumbnail
     *                     of an overwritten original
     * @param invalidation {@code local} (writes through this gateway only) or {@code redis} (writes through any
     *                     gateway, announced on a Redis channel; {@code spring.data.redis.*})
     */
    public record Cache(@DefaultValue("true") boolean enabled, @DefaultValue("32MB") DataSize maxSize,
            @DefaultValue("512KB") DataSize maxEntrySize, @DefaultValue("10s") Duration ttl,
            @DefaultValue("local") String invalidation) {
        public Cache {
            if (!invalidation.equals("local") && !invalidation.equals("redis")) {
                throw new IllegalArgumentException("thumbd.gateway.cache.invalidation is local or redis, not '"
                        + invalidation + "'");
            }
        }
    }

    /**
     * A second pool of resizers that gets a share of the clients (a new kernel, another quality setting). A client is
     * hashed to a variant (by its {@code thumbd_variant} cookie when the site sets one, else its API key or address),
     * so it sees one variant consistently; the variant goes upstream and back in {@code X-Thumbd-Variant} and tags the
     * {@code thumbd.gateway.variant.requests} meter.
     *
     * @param resizers the canary pool; empty: no canary
     * @param weight   percentage of clients sent to it, 0-100
     * @param name     the variant's name (the rest is {@code stable})
     */
    public record Canary(@DefaultValue List<URI> resizers, @DefaultValue("0") int weight,
            @DefaultValue("canary") String name) {
        public Canary {
            if (weight < 0 || weight > 100) {
                throw new IllegalArgumentException("thumbd.gateway.canary.weight is a percentage, 0-100");
            }
        }

        public boolean enabled() {
            return !resizers.isEmpty() && weight > 0;
        }
    }

    /**
     * A token bucket per client: {@code replenishRate} tokens a second, at most {@code burstCapacity} saved up. Kept in
     * Redis when {@code spring.data.redis.*} points at one ({@code store=redis}), in this process otherwise.
     *
     * @param enabled       limit at all
     * @param replenishRate tokens added per second
     * @param burstCapacity bucket size
     * @param store         {@code memory} or {@code redis}
     * @param failedKeyAttempts failed API-key attempts a client may make in a row before it must wait
     * @param failedKeyRefill   how often one more failed attempt is allowed again
     * @param apiKeys           the rate of each valid API key's bucket (0: the per-client figures)
     * @param ranges            clients in these address ranges (a CDN's edges) get their own rate, or none
     */
    public record RateLimit(@DefaultValue("true") boolean enabled, @DefaultValue("200") int replenishRate,
            @DefaultValue("400") int burstCapacity, @DefaultValue("memory") String store,
            @DefaultValue("10") int failedKeyAttempts, @DefaultValue("10s") Duration failedKeyRefill,
            @DefaultValue Rate apiKeys, @DefaultValue List<Range> ranges) {
        public RateLimit {
            Set<String> names = new HashSet<>();
            for (Range r : ranges) {
                if (!names.add(r.name())) {
                    throw new IllegalArgumentException("thumbd.gateway.rate-limit.ranges: the name '" + r.name()
                            + "' is used twice");
                }
            }
        }
    }

    /**
     * @param replenishRate tokens added per second (0: as the per-client limit)
     * @param burstCapacity bucket size (0: as the per-client limit)
     */
    public record Rate(@DefaultValue("0") int replenishRate, @DefaultValue("0") int burstCapacity) {
    }

    /**
     * Clients in these address blocks (after {@code trusted-proxies} found the client: a CDN edge that is not itself
     * a trusted proxy, or the last trusted proxy when the chain names nobody) draw from their own buckets at this
     * rate, or from none.
     *
     * @param name          a name for logs and bucket keys ({@code cdn})
     * @param addresses     address blocks, IPv4 and IPv6
     * @param limited       false: these clients are not rate limited at all
     * @param replenishRate tokens added per second, when limited
     * @param burstCapacity bucket size, when limited (0: twice the rate)
     */
    public record Range(String name, @DefaultValue List<String> addresses, @DefaultValue("true") boolean limited,
            @DefaultValue("0") int replenishRate, @DefaultValue("0") int burstCapacity) {
        public Range {
            if (name == null || !name.matches("[a-z0-9-]{1,32}")) {
                throw new IllegalArgumentException("thumbd.gateway.rate-limit.ranges[].name: 1-32 of a-z, 0-9, '-', not '"
                        + name + "'");
            }
            if (addresses.isEmpty()) {
                throw new IllegalArgumentException("thumbd.gateway.rate-limit.ranges: '" + name + "' has no addresses");
            }
            if (limited && replenishRate < 1) {
                throw new IllegalArgumentException("thumbd.gateway.rate-limit.ranges: '" + name
                        + "' is limited and needs a replenish-rate >= 1 (or limited: false)");
            }
        }
    }

    /**
     * @param keys    key id to secret
     * @param primary the key new signatures use
     * @param retired key ids refused
     */
    public record Signing(@DefaultValue Map<String, String> keys, @Nullable String primary,
            @DefaultValue List<String> retired) {
        public SigningKeys toKeys() {
            return SigningKeys.fromSecrets(keys, retired, primary);
        }
    }
}
