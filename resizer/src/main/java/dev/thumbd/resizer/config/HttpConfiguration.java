package dev.thumbd.resizer.config;


import static org.springframework.web.reactive.function.server.RequestPredicates.path;

import dev.thumbd.resizer.bottleneck.BottleneckFinder;
import dev.thumbd.resizer.bottleneck.StageWindows;
import dev.thumbd.resizer.degradation.DegradationController;
import dev.thumbd.resizer.http.AdminHandler;
import dev.thumbd.resizer.http.CachePolicy;
import dev.thumbd.resizer.http.DegradationHandler;
import dev.thumbd.resizer.http.ImageHandler;
import dev.thumbd.resizer.http.InfoHandler;
import dev.thumbd.resizer.http.EventsHandler;
import dev.thumbd.resizer.http.JobsHandler;
import dev.thumbd.resizer.jobs.BucketEvents;
import dev.thumbd.resizer.jobs.JobIntake;
import dev.thumbd.resizer.jobs.JobLedger;
import dev.thumbd.resizer.http.ProblemExceptionHandler;
import dev.thumbd.resizer.http.RequestPathFilter;
import dev.thumbd.resizer.http.ResizeHandler;
import dev.thumbd.resizer.http.FallbackImages;
import dev.thumbd.resizer.http.SignatureCheck;
import dev.thumbd.resizer.http.SrcsetHandler;
import dev.thumbd.resizer.http.WriteAuthorization;
import dev.thumbd.resizer.pipeline.ThumbnailPipeline;
import dev.thumbd.resizer.probe.ProbeLimits;
import dev.thumbd.resizer.service.ThumbnailService;
import dev.thumbd.resizer.tracing.StageSpans;
import dev.thumbd.resizer.tracing.TraceIdHeader;
import dev.thumbd.resizer.tracing.TracingActive;
import dev.thumbd.resizer.upload.UploadInspector;
import dev.thumbd.http.SlowClientGuard;
import dev.thumbd.signing.SignatureVerifier;
import dev.thumbd.signing.SigningKeys;
import java.time.Clock;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import dev.thumbd.signing.UrlSigner;
import dev.thumbd.spec.NonSemanticParameters;
import dev.thumbd.spec.Presets;
import dev.thumbd.spec.SpecParser;
import dev.thumbd.storage.ObjectStore;
import io.opentelemetry.api.GlobalOpenTelemetry;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.server.MethodNotAllowedException;
import reactor.core.publisher.Mono;

/** The {@code /v1} routes, their handlers, and the problem+json error handler. */
@Configuration(proxyBeanMethods = false)
class HttpConfiguration {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HttpConfiguration.class);

    /** {@code /v1/images/{key}}: at least one segment of key (as {@code Endpoint.IMAGES}), any number more. */
    static final String IMAGES = "/v1/images/*/**";

    /** {@code /v1/jobs} and {@code /v1/jobs/{id}} (as {@code Endpoint.JOBS}). */
    static final String JOBS = "/v1/jobs";
    static final String JOB = "/v1/jobs/*";
    /** {@code /v1/events}: S3 event notifications (as {@code Endpoint.EVENTS}). */
    static final String EVENTS = "/v1/events";

    /** Bound of the memo of parsed {@code /v1/resize} queries (about 6,000 typical URLs). */
    private static final long SPEC_MEMO_BYTES = 4L << 20;

    @Bean
    SpecParser specParser(ThumbdProperties properties) {
        return new SpecParser(Presets.fromQueries(properties.presets()), NonSemanticParameters.DEFAULT);
    }

    /** {@code X-Trace-Id} on the responses of traced requests: only with the OpenTelemetry agent attached. */
    @Bean
    @Conditional(TracingActive.class)
    TraceIdHeader traceIdHeader() {
        return new TraceIdHeader();
    }

    /** The first check of every request: a canonical path; the /v1 API on the API port only. */
    @Bean
    RequestPathFilter requestPathFilter() {
        return new RequestPathFilter();
    }

    /** Tells the path filter which port is the API's (the management server's has a namespace). */
    @Bean
    ApplicationListener<WebServerInitializedEvent> apiPort(RequestPathFilter filter) {
        return event -> {
            if (event.getApplicationContext().getServerNamespace() == null) {
                filter.apiPortIs(event.getWebServer().getPort());
            }
        };
    }

    /** Time limits on receiving requests (thumbd.server.*), around the HTTP/1.1 codec of every connection. */
    @Bean
    NettyServerCustomizer slowClientGuard(ThumbdProperties properties) {
        SlowClientGuard guard = new SlowClientGuard(properties.server());
        return server -> server.doOnChannelInit((observer, channel, address) -> guard.install(channel.pipeline()));
    }

    @Bean
    CachePolicy cachePolicy(ThumbdProperties properties) {
        ThumbdProperties.Http h = properties.http();
        return new CachePolicy(h.maxAge(), h.sharedMaxAge(), h.staleWhileRevalidate(), h.errorMaxAge(), h.cdnMaxAge());
    }

    @Bean
    @Order(-2)
    ProblemExceptionHandler problemExceptionHandler(CachePolicy cachePolicy, ThumbdProperties properties) {
        return new ProblemExceptionHandler(cachePolicy,
                Math.max(1, properties.admission().retryAfter().toSeconds()));
    }

    /** The bearer tokens of writers and operators (uploads, purges, /admin). */
    @Bean
    WriteAuthorization writeAuthorization(ThumbdProperties properties) {
        return new WriteAuthorization(List.copyOf(properties.upload().tokens()));
    }

    @Bean
    BottleneckFinder bottleneckFinder() {
        return new BottleneckFinder(BottleneckFinder.DEFAULT_THRESHOLDS_MS);
    }

    /** Not in the {@code worker} role ({@code thumbd.role=worker}): no {@code /v1} route at all. */
    @Bean
    @ConditionalOnProperty(prefix = "thumbd", name = "role", havingValue = "api", matchIfMissing = true)
    RouterFunction<ServerResponse> v1Routes(SpecParser parser, ThumbnailService service, CachePolicy cachePolicy,
            ThumbdProperties properties, ObjectStore store, ProbeLimits limits, StageWindows stageWindows,
            DegradationController degradation, WriteAuthorization writers, BottleneckFinder finder,
            ThumbnailPipeline pipeline, JobIntake jobIntake, JobLedger jobLedger,
            dev.thumbd.resizer.jobs.JobWebhooks jobWebhooks, BucketEvents bucketEvents) {
        SigningKeys keys = properties.signing().toKeys();
        SignatureCheck signatures = keys.isEmpty() ? SignatureCheck.NONE
                : new SignatureCheck(new SignatureVerifier(keys, Clock.systemUTC()), properties.signing().allowUnsigned());
        FallbackImages fallbacks = new FallbackImages(properties.fallback().images());
        if (!fallbacks.isEmpty()) {
            LOG.info("fallback images for missing originals: {}", properties.fallback().images());
        }
        ResizeHandler resize = new ResizeHandler(parser, service, cachePolicy, SPEC_MEMO_BYTES,
                new StageSpans(GlobalOpenTelemetry.get()), signatures, fallbacks);
        InfoHandler info = new InfoHandler(service, cachePolicy, degradation::level, signatures);
        SrcsetHandler srcset = new SrcsetHandler(parser, keys.isEmpty() ? null : new UrlSigner(keys), writers,
                service::placeholder);
        AdminHandler admin = new AdminHandler(stageWindows, finder, writers);
        String reserved = properties.cache().derivatives().prefix();
        ImageHandler images = new ImageHandler(store, service, new UploadInspector(limits, 1 << 20,
                pipeline::requireRenderable), writers, reserved,
                degradation::level, limits.maxSourceBytes(), properties.jobs().enabled() ? jobIntake : null);
        JobsHandler jobs = new JobsHandler(jobIntake, jobLedger, jobWebhooks, writers);
        EventsHandler events = new EventsHandler(bucketEvents, writers);
        DegradationHandler degradationHandler = new DegradationHandler(degradation, writers,
                properties.degradation().instance(), properties.degradation().fleetAlerts());
        return RouterFunctions.route()
                .GET("/v1/resize", resize::resize)
                .HEAD("/v1/resize", resize::resize)
                .GET("/v1/info", info::info)
                .GET("/v1/srcset", srcset::srcset)
                .PUT(IMAGES, images::put)
                .DELETE(IMAGES, images::delete)
                .POST("/v1/purge", images::purge)
                .POST(JOBS, jobs::submit)
                .GET(JOB, jobs::show)
                .DELETE(JOB, jobs::cancel)
                .POST(EVENTS, events::receive)
                .GET("/admin/bottlenecks", admin::bottlenecks)
                .POST("/admin/degradation", degradationHandler::webhook)
                .GET("/admin/degradation", degradationHandler::show)
                .route(path("/v1/resize").or(path("/v1/info")).or(path("/v1/srcset")).or(path(IMAGES))
                        .or(path("/v1/purge")).or(path(JOBS)).or(path(JOB))
                        .or(path(EVENTS)),
                        HttpConfiguration::methodNotAllowed)
                .build();
    }

    /** A known path with a method it does not take: 405 with {@code Allow}. */
    private static Mono<ServerResponse> methodNotAllowed(ServerRequest request) {
        List<HttpMethod> allowed = request.path().startsWith("/v1/images/")
                ? List.of(HttpMethod.PUT, HttpMethod.DELETE)
                : request.path().equals("/v1/resize") ? List.of(HttpMethod.GET, HttpMethod.HEAD)
                : request.path().equals("/v1/purge") || request.path().equals(JOBS)
                        || request.path().equals(EVENTS) ? List.of(HttpMethod.POST)
                : request.path().startsWith(JOBS + "/") ? List.of(HttpMethod.GET, HttpMethod.DELETE)
                : List.of(HttpMethod.GET);
        return Mono.error(new MethodNotAllowedException(request.method(), allowed));
    }
}
