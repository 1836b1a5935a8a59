package dev.thumbd.gateway.filter;

import dev.thumbd.gateway.ratelimit.ClientRateLimiter;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Which bucket a request draws from, and at what rate ({@code thumbd.gateway.rate-limit.*}): a request with a valid
 * API key draws from its key's bucket at the API keys' rate; a client ({@link ClientAddress}) within a configured
 * range (a CDN's edge addresses, an office) from its own bucket at that range's rate, or from none when the range is
 * not limited; every other client from its own bucket at the per-client rate. The first range that holds the client
 * wins.
 */
public final class RateLimitClasses {

    /**
     * @param name      the range's name, the prefix of its buckets' keys
     * @param addresses the address blocks it holds
     * @param limiter   its clients' limiter, or null when they are not limited
     */
    public record Range(String name, AddressBlocks addresses, @Nullable ClientRateLimiter limiter) {
    }

    /**
     * @param bucket  the bucket's key
     * @param limiter the limiter to take a token from, or null when the request is not limited
     */
    public record Choice(String bucket, @Nullable ClientRateLimiter limiter) {
    }

    private final ClientRateLimiter clients;
    private final ClientRateLimiter apiKeys;
    private final List<Range> ranges;

    public RateLimitClasses(ClientRateLimiter clients, ClientRateLimiter apiKeys, List<Range> ranges) {
        this.clients = clients;
        this.apiKeys = apiKeys;
        this.ranges = List.copyOf(ranges);
    }

    /** @param keyId the id of the valid API key the request presents, or null */
    public Choice choose(@Nullable String keyId, ClientAddress.Client client) {
        if (keyId != null) {
            return new Choice("key:" + keyId, apiKeys);
        }
        for (Range r : ranges) {
            if (r.addresses().contains(client.address())) {
                return new Choice(r.name() + ":" + client.id(), r.limiter());
            }
        }
        return new Choice("ip:" + client.id(), clients);
    }
}
