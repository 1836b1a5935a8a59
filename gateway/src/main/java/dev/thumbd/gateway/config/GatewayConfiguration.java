package dev.thumbd.gateway.config;

import dev.thumbd.gateway.cache.HotThumbnails;
import dev.thumbd.gateway.cache.RedisInvalidations;
import dev.thumbd.gateway.filter.ApiKeyFilter;
import dev.thumbd.gateway.filter.ApiKeys;
import dev.thumbd.gateway.filter.ApiServer;
import dev.thumbd.gateway.filter.QuarantineFilter;
import dev.thumbd.gateway.filter.RequestPathFilter;
import dev.thumbd.gateway.ratelimit.FailedAttempts;
import dev.thumbd.gateway.routing.Quarantine;
import dev.thumbd.gateway.routing.RedisQuarantine;
import dev.thumbd.http.SlowClientGuard;
import java.time.Duration;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import dev.thumbd.gateway.filter.CanonicalizeFilter;
import dev.thumbd.gateway.filter.AddressBlocks;
import dev.thumbd.gateway.filter.ClientAddress;
import dev.thumbd.gateway.filter.ForwardedHops;
import dev.thumbd.gateway.filter.RateLimitClasses;
import dev.thumbd.gateway.filter.HotThumbnailFilter;
import dev.thumbd.gateway.filter.HotThumbnailHitFilter;
import dev.thumbd.gateway.filter.PurgeFanOutFilter;
import dev.thumbd.gateway.filter.RateLimitFilter;
import dev.thumbd.gateway.filter.ReplicaFailureFilter;
import dev.thumbd.gateway.filter.ResizeRoutingFilter;
import dev.thumbd.gateway.filter.SecurityHeadersFilter;
import dev.thumbd.gateway.filter.SignatureFilter;
import dev.thumbd.gateway.filter.TraceIdFilter;
import dev.thumbd.gateway.filter.UploadSizeFilter;
import dev.thumbd.gateway.filter.VariantFilter;
import dev.thumbd.gateway.metrics.RouteObservationConvention;
import dev.thumbd.gateway.problem.GatewayProblemHandler;
import dev.thumbd.gateway.ratelimit.ClientRateLimiter;
import dev.thumbd.gateway.ratelimit.InMemoryRateLimiter;
import dev.thumbd.gateway.ratelimit.RedisClientRateLimiter;
import dev.thumbd.gateway.routing.ReplicaHealth;
import dev.thumbd.signing.SignatureVerifier;
import dev.thumbd.signing.SigningKeys;
import dev.thumbd.spec.NonSemanticParameters;
import dev.thumbd.spec.Presets;
import dev.thumbd.spec.SpecParser;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClient;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.WebClient;
import io.netty.channel.ChannelOption;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;

/** The gateway's filters, route, rate limiter and replica choice, wired from {@link GatewayProperties}. */
@Configuration(proxyBeanMethods = false)
@LoadBalancerClients({
        @LoadBalancerClient(name = GatewayConfiguration.RESIZER, configuration = ResizerLoadBalancing.class),
        @LoadBalancerClient(name = GatewayConfiguration.CANARY, configuration = ResizerLoadBalancing.class)})
class GatewayConfiguration {

    static final String RESIZER = "resizer";
    static final String CANARY = "resizer-canary";
    private static final Logger LOG = LoggerFactory.getLogger(GatewayConfiguration.class);

    @Bean
    SpecParser specParser(GatewayProperties properties) {
        NonSemanticParameters dropped = NonSemanticParameters.of(
                java.util.stream.Stream.concat(NonSemanticParameters.DEFAULT.names().stream(),
                        properties.gateway().droppedParameters().stream()).toList());
        return new SpecParser(Presets.fromQueries(properties.presets()), dropped);
    }

    @Bean
    SignatureVerifier signatureVerifier(GatewayProperties properties) {
        SigningKeys keys = properties.signing().toKeys();
        boolean unsigned = properties.gateway().allowUnsigned();
        if (keys.isEmpty() && !unsigned) {
            throw new IllegalStateException("No signing key is configured (thumbd.signing.keys.<kid>=<secret>, "
                    + "docs/SIGNING.md). Refusing to serve unsigned URLs; set thumbd.gateway.allow-unsigned=true to "
                    + "allow them on purpose.");
        }
        if (unsigned) {
            LOG.warn("Unsigned /v1/resize URLs are served (thumbd.gateway.allow-unsigned=true): anyone who can reach "
                    + "this gateway can make the resizers work. Configure signing keys before exposing it.");
        }
        return new SignatureVerifier(keys, Clock.systemUTC());
    }

    @Bean
    ApiServer apiServer() {
        return new ApiServer();
    }

    @Bean
    CanonicalizeFilter canonicalizeFilter(SpecParser parser, ApiServer apiServer) {
        return new CanonicalizeFilter(parser, apiServer);
    }

    @Bean
    SignatureFilter signatureFilter(SignatureVerifier verifier, GatewayProperties properties) {
        return new SignatureFilter(verifier, properties.gateway().allowUnsigned());
    }

    @Bean
    ApiKeys apiKeys(GatewayProperties properties) {
        return new ApiKeys(properties.gateway().apiKeys());
    }

    /** Failed API-key attempts per client, counted wherever a key is presented. */
    @Bean
    FailedAttempts failedApiKeyAttempts(GatewayProperties properties) {
        GatewayProperties.RateLimit r = properties.gateway().rateLimit();
        return new FailedAttempts(r.failedKeyAttempts(), r.failedKeyRefill());
    }

    @Bean
    ApiKeyFilter apiKeyFilter(GatewayProperties properties, ApiKeys keys, ClientAddress clients,
            FailedAttempts failures) {
        return new ApiKeyFilter(keys, properties.gateway().resizerToken(), failures, clients);
    }

    /** The first check of every request: a canonical path and a query that decodes (docs/HTTP.md#paths). */
    @Bean
    RequestPathFilter requestPathFilter() {
        return new RequestPathFilter();
    }

    /** Time limits on receiving requests (thumbd.server.*), around the HTTP/1.1 codec of every connection. */
    @Bean
    NettyServerCustomizer slowClientGuard(GatewayProperties properties) {
        SlowClientGuard guard = new SlowClientGuard(properties.server());
        return server -> server.doOnChannelInit((observer, channel, address) -> guard.install(channel.pipeline()));
    }

    /** Who a request comes from (trusted proxies and the header they name clients in). */
    @Bean
    ClientAddress clientAddress(GatewayProperties properties) {
        GatewayProperties.Gateway g = properties.gateway();
        ForwardedHops.Source source = ForwardedHops.Source.of(g.forwardedHeader());
        if (!g.trustedProxies().isEmpty()) {
            LOG.info("client addresses: {} from trusted proxies {}", source.header(), g.trustedProxies());
        }
        return new ClientAddress(g.trustedProxies(), source);
    }

    /** The buckets: per client, per API key, per configured range (docs/CDN.md#rate-limits). */
    @Bean
    RateLimitClasses rateLimitClasses(GatewayProperties properties, ObjectProvider<RedisRateLimiter> redis,
            MeterRegistry registry) {
        GatewayProperties.RateLimit r = properties.gateway().rateLimit();
        if (!"redis".equals(r.store()) && !"memory".equals(r.store())) {
            throw new IllegalStateException("thumbd.gateway.rate-limit.store is memory or redis, not '" + r.store() + "'");
        }
        boolean inRedis = "redis".equals(r.store());
        LOG.info("rate limits in {}: {} requests/s per client, bursts of {}", inRedis ? "Redis" : "memory",
                r.replenishRate(), r.burstCapacity());
        ClientRateLimiter clients = inRedis
                ? new RedisClientRateLimiter(redis.getObject(), r.replenishRate(), registry)
                : new InMemoryRateLimiter(r.replenishRate(), r.burstCapacity());
        int keyRate = r.apiKeys().replenishRate() > 0 ? r.apiKeys().replenishRate() : r.replenishRate();
        int keyBurst = r.apiKeys().burstCapacity() > 0 ? r.apiKeys().burstCapacity()
                : Math.max(keyRate, r.apiKeys().replenishRate() > 0 ? 2 * keyRate : r.burstCapacity());
        ClientRateLimiter keys = limiter(inRedis, redis, "thumbd-api-keys", keyRate, keyBurst, registry);
        List<RateLimitClasses.Range> ranges = new ArrayList<>();
        for (GatewayProperties.Range range : r.ranges()) {
            AddressBlocks blocks = AddressBlocks.parse(range.addresses(),
                    "thumbd.gateway.rate-limit.ranges." + range.name() + ".addresses");
            if (!range.limited()) {
                LOG.info("rate limits: range '{}' {} not limited", range.name(), range.addresses());
                ranges.add(new RateLimitClasses.Range(range.name(), blocks, null));
                continue;
            }
            int burst = range.burstCapacity() > 0 ? range.burstCapacity() : 2 * range.replenishRate();
            if (burst < range.replenishRate()) {
                throw new IllegalStateException("thumbd.gateway.rate-limit.ranges: '" + range.name()
                        + "' needs burst-capacity >= replenish-rate");
            }
            LOG.info("rate limits: range '{}' {} at {} requests/s per client, bursts of {}", range.name(),
                    range.addresses(), range.replenishRate(), burst);
            ranges.add(new RateLimitClasses.Range(range.name(), blocks,
                    limiter(inRedis, redis, "thumbd-range-" + range.name(), range.replenishRate(), burst, registry)));
        }
        return new RateLimitClasses(clients, keys, ranges);
    }

    private static ClientRateLimiter limiter(boolean inRedis, ObjectProvider<RedisRateLimiter> redis, String route,
            int rate, int burst, MeterRegistry registry) {
        return inRedis ? new RedisClientRateLimiter(redis.getObject(), route, rate, burst, registry)
                : new InMemoryRateLimiter(rate, burst);
    }

    @Bean
    @ConditionalOnProperty(name = "thumbd.gateway.rate-limit.store", havingValue = "redis")
    RedisRateLimiter thumbdRedisRateLimiter(GatewayProperties properties) {
        GatewayProperties.RateLimit r = properties.gateway().rateLimit();
        return new RedisRateLimiter(r.replenishRate(), r.burstCapacity());
    }

    /** Only when limits are on: a filter that never limits would still cost every request its client lookup. */
    @Bean
    @ConditionalOnProperty(name = "thumbd.gateway.rate-limit.enabled", havingValue = "true", matchIfMissing = true)
    RateLimitFilter rateLimitFilter(RateLimitClasses classes, ClientAddress clients, ApiKeys keys,
            FailedAttempts failures, ApiServer apiServer, MeterRegistry registry) {
        return new RateLimitFilter(classes, clients, keys, failures, apiServer, registry);
    }

    @Bean
    PurgeFanOutFilter purgeFanOutFilter(GatewayProperties properties, LoadBalancerClientFactory pools,
            HotThumbnails hot, ObjectProvider<RedisInvalidations> shared) {
        List<String> names = properties.gateway().canary().resizers().isEmpty() ? List.of(RESIZER)
                : List.of(RESIZER, CANARY);
        // the replicas the load balancer sees now (static list or DNS), asked for at each fan-out
        Supplier<Flux<URI>> replicas = () -> Flux.fromIterable(names)
                .flatMap(name -> pools.getInstance(name, ServiceInstanceListSupplier.class).get().next())
                .flatMapIterable(instances -> instances)
                .map(ServiceInstance::getUri);
        RedisInvalidations others = shared.getIfAvailable();
        Consumer<String> written = others == null ? hot::invalidate : source -> {
            hot.invalidate(source);
            others.accept(source);
        };
        return new PurgeFanOutFilter(replicas, properties.gateway().resizerToken(), WebClient.create(), written);
    }

    /** Writes through one gateway drop the hot thumbnails of all of them (docs/GATEWAY.md#hot-thumbnails). */
    @Bean
    @ConditionalOnProperty(name = "thumbd.gateway.cache.invalidation", havingValue = "redis")
    RedisInvalidations redisInvalidations(ReactiveStringRedisTemplate redis, HotThumbnails hot) {
        LOG.info("hot thumbnails: writes announced to the other gateways over Redis ({})", RedisInvalidations.CHANNEL);
        return new RedisInvalidations(redis, hot);
    }

    /** Exists when switched off too (holding nothing), so writes need not ask whether it does. */
    @Bean
    HotThumbnails hotThumbnails(GatewayProperties properties, MeterRegistry registry) {
        GatewayProperties.Cache c = properties.gateway().cache();
        if (c.enabled()) {
            LOG.info("hot thumbnails: up to {} MiB, {} KiB each, {} s at most", c.maxSize().toMegabytes(),
                    c.maxEntrySize().toKilobytes(), c.ttl().toSeconds());
        }
        return new HotThumbnails(c.enabled() ? c.maxSize().toBytes() : 0, c.maxEntrySize().toBytes(), c.ttl(),
                registry);
    }

    @Bean
    @ConditionalOnProperty(name = "thumbd.gateway.cache.enabled", havingValue = "true", matchIfMissing = true)
    HotThumbnailHitFilter hotThumbnailHitFilter(HotThumbnails hot, VariantFilter variants) {
        return new HotThumbnailHitFilter(hot, variants);
    }

    @Bean
    @ConditionalOnProperty(name = "thumbd.gateway.cache.enabled", havingValue = "true", matchIfMissing = true)
    HotThumbnailFilter hotThumbnailFilter(HotThumbnails hot) {
        return new HotThumbnailFilter(hot);
    }

    @Bean
    SecurityHeadersFilter securityHeadersFilter() {
        return new SecurityHeadersFilter();
    }

    /** http_server_requests by thumbd endpoint rather than uri="UNKNOWN" for every proxied request. */
    @Bean
    RouteObservationConvention routeObservationConvention() {
        return new RouteObservationConvention();
    }

    @Bean
    TraceIdFilter traceIdFilter() {
        return new TraceIdFilter();
    }

    @Bean
    UploadSizeFilter uploadSizeFilter(GatewayProperties properties) {
        return new UploadSizeFilter(properties.gateway().maxUploadSize().toBytes());
    }

    @Bean
    ReplicaHealth replicaHealth(GatewayProperties properties, MeterRegistry registry) {
        ReplicaHealth health = new ReplicaHealth(properties.gateway().replicaCooldown(),
                properties.gateway().breakerOpenWait());
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(health.breakers()).bindTo(registry);
        return health;
    }

    @Bean
    ReplicaFailureFilter replicaFailureFilter(ReplicaHealth health, GatewayProperties properties,
            Quarantine quarantine) {
        return new ReplicaFailureFilter(health, properties.gateway().replicaHeader(), quarantine);
    }

    /**
     * {@code GET}/{@code HEAD /v1/resize} sent and streamed back by one lean filter on the gateway's pooled client,
     * configured once, instead of the general routing filters (docs/GATEWAY.md#routing); off with
     * {@code thumbd.gateway.lean-routing=false}.
     */
    @Bean
    @ConditionalOnProperty(name = "thumbd.gateway.lean-routing", havingValue = "true", matchIfMissing = true)
    ResizeRoutingFilter resizeRoutingFilter(HttpClient gatewayHttpClient, HttpClientProperties httpClient,
            ObjectProvider<List<HttpHeadersFilter>> headersFilters) {
        Integer connectTimeout = httpClient.getConnectTimeout();
        HttpClient client = connectTimeout == null ? gatewayHttpClient
                : gatewayHttpClient.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeout);
        return new ResizeRoutingFilter(client, () -> headersFilters.getIfAvailable(List::of),
                httpClient.getResponseTimeout());
    }

    /** Fingerprints whose replica died on them (docs/SECURITY.md#poison-pills); empty when switched off. */
    @Bean
    Quarantine quarantine(GatewayProperties properties, MeterRegistry registry,
            ObjectProvider<ReactiveStringRedisTemplate> redis) {
        GatewayProperties.Quarantine q = properties.gateway().quarantine();
        Quarantine quarantine = new Quarantine(q.enabled() ? q.ttl() : Duration.ZERO, registry);
        if (q.enabled() && q.sharing().equals("redis")) {
            LOG.info("quarantined requests announced to the other gateways over Redis ({})", RedisQuarantine.CHANNEL);
            new RedisQuarantine(redis.getObject(), quarantine);
        }
        return quarantine;
    }

    @Bean
    QuarantineFilter quarantineFilter(Quarantine quarantine) {
        return new QuarantineFilter(quarantine);
    }

    @Bean
    VariantFilter variantFilter(GatewayProperties properties, ClientAddress clients, MeterRegistry registry) {
        GatewayProperties.Canary c = properties.gateway().canary();
        if (c.enabled()) {
            LOG.info("canary '{}': {}% of clients to {}", c.name(), c.weight(), c.resizers());
        }
        return new VariantFilter(c.enabled() ? c.weight() : 0, c.name(), URI.create("lb://" + CANARY),
                clients, registry);
    }

    @Bean
    @Order(-2)
    GatewayProblemHandler gatewayProblemHandler() {
        return new GatewayProblemHandler();
    }

    /**
     * The public {@code /v1} endpoints of the API server ({@link ApiServer#routes}; any other path, and the management
     * server, is a 404 here) to the resizer replicas chosen
     * by rendezvous hashing. A GET or HEAD whose replica refused the connection (or whose name no longer resolves) is
     * tried on the next replica (twice at
     * most); a replica that closed or reset the connection while working on it is not tried again
     * ({@link ReplicaFailureFilter}). Nothing else is retried: a resizer's own answer, errors included, goes back as
     * it is. Reads and writes are two routes because a route with a retry filter has its request bodies read into
     * memory before any filter runs (so that they could be sent again): writes must stream, and be refused by size
     * before they are read; reads carry no body ({@link RequestPathFilter}).
     */
    @Bean
    RouteLocator routes(RouteLocatorBuilder builder, ApiServer apiServer) {
        return builder.routes()
                .route("v1-read", r -> r.method(HttpMethod.GET, HttpMethod.HEAD).and().path("/v1/**")
                        .and().predicate(apiServer::routes)
                        .filters(f -> f.retry(c -> c.setRetries(2).setMethods(HttpMethod.GET, HttpMethod.HEAD)
                                .setSeries().setStatuses()
                                // what UpstreamFailure reads as CONNECT: nothing was sent
                                .setExceptions(ConnectException.class, UnknownHostException.class)))
                        .uri("lb://" + RESIZER))
                .route("v1-write", r -> r.path("/v1/**")
                        .and().predicate(apiServer::routes)
                        .uri("lb://" + RESIZER))
                .build();
    }
}
