package dev.thumbd.gateway.metrics;

/**
 * The names of the meters the gateway makes itself, in one place (docs/METRICS.md). Tags stay low-cardinality:
 * decision results, variant names, replica {@code host:port}s; never a key, URL or client. The circuit breakers'
 * meters are Resilience4j's own ({@code resilience4j_circuitbreaker_*}).
 */
public final class GatewayMeters {

    /** Rate-limit decisions, tag {@code result} = allowed, limited. */
    public static final String RATELIMIT_DECISIONS = "thumbd.gateway.ratelimit.decisions";
    /** Requests let through because the rate limiter's Redis could not be asked. */
    public static final String RATELIMIT_FAILOPEN = "thumbd.gateway.ratelimit.failopen";
    /** Requests per canary/A-B variant, tag {@code variant}. */
    public static final String VARIANT_REQUESTS = "thumbd.gateway.variant.requests";

    /** Lookups in the gateway's hot-thumbnail cache, tag {@code result} = hit, miss. */
    public static final String CACHE_LOOKUPS = "thumbd.gateway.cache.lookups";
    /** Bytes the hot-thumbnail cache holds (bodies and headers). */
    public static final String CACHE_BYTES = "thumbd.gateway.cache.size";

    /**
     * Requests whose replica died on them, tag {@code event} = added (quarantined), refused (answered 503
     * quarantined instead of being sent on).
     */
    public static final String QUARANTINE = "thumbd.gateway.quarantine";

    private GatewayMeters() {
    }
}
