package dev.thumbd.gateway.filter;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_HEADER_NAMES;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.isAlreadyRouted;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.setAlreadyRouted;

import io.netty.buffer.ByteBuf;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.support.TimeoutException;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.support.Netty4HeadersAdapter;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;

/**
 * Sends {@code GET}/{@code HEAD /v1/resize} to the replica the load balancer chose and streams its answer back, in
 * place of Spring Cloud Gateway's {@code NettyRoutingFilter} and {@code NettyWriteResponseFilter} for this one hot
 * route (docs/GATEWAY.md#routing). It runs after every other filter, so the signature, rate limit, hot thumbnails,
 * canary and replica-health filters see the exchange exactly as they do on the general path; it marks the exchange
 * routed so the general filters leave it alone.
 *
 * <p>What it saves per request: the {@code HttpClient} is configured once (the general filter derives a new client
 * for the connect timeout and another for the headers of every request), the replica's response headers are read
 * through a view of Netty's headers rather than copied twice, and the body goes to the client as the Netty buffers
 * that came in, without a second trip through the filter chain. Request and response headers still pass Spring Cloud
 * Gateway's {@link HttpHeadersFilter}s (hop-by-hop headers, forwarded headers from untrusted clients), and errors
 * (refused connection, reset, response timeout as a 504) surface exactly as on the general path, so the route's retry
 * and {@link ReplicaFailureFilter} behave the same.
 */
public final class ResizeRoutingFilter implements GlobalFilter, Ordered {

    /** After everything but the general routing filters (Netty, WebSocket, forward). */
    public static final int ORDER = NettyRoutingFilter.ORDER - 10;

    private final HttpClient client;
    private final Supplier<List<HttpHeadersFilter>> headersFiltersProvider;
    private final @Nullable Duration responseTimeout;
    private volatile @Nullable List<HttpHeadersFilter> headersFilters;

    /**
     * @param client the gateway's pooled client (its pool and event loops), with its connect timeout already applied
     * @param headersFilters Spring Cloud Gateway's header filters (asked for once, at the first request)
     * @param responseTimeout how long to wait for the replica's status and headers; null waits without limit
     */
    public ResizeRoutingFilter(HttpClient client, Supplier<List<HttpHeadersFilter>> headersFilters,
            @Nullable Duration responseTimeout) {
        this.client = client;
        this.headersFiltersProvider = headersFilters;
        this.responseTimeout = responseTimeout;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        URI url = exchange.getAttribute(GATEWAY_REQUEST_URL_ATTR);
        HttpMethod method = exchange.getRequest().getMethod();
        if (url == null || isAlreadyRouted(exchange) || exchange.getAttribute(Headers.FINGERPRINT_ATTR) == null
                || !(HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method))
                || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            return chain.filter(exchange);
        }
        setAlreadyRouted(exchange);
        List<HttpHeadersFilter> filters = headersFilters();
        HttpHeaders upstreamHeaders = HttpHeadersFilter.filterRequest(filters, exchange);
        Mono<Connection> answered = client.request(io.netty.handler.codec.http.HttpMethod.valueOf(method.name()))
                .uri(url)
                .send((request, outbound) -> {
                    io.netty.handler.codec.http.HttpHeaders out = request.requestHeaders();
                    upstreamHeaders.forEach((name, values) -> {
                        if (!HttpHeaders.HOST.equalsIgnoreCase(name)) {
                            out.set(name, values);
                        }
                    });
                    return outbound;
                })
                .responseConnection((response, connection) -> {
                    takeStatusAndHeaders(exchange, response, filters);
                    return Mono.just(connection);
                })
                .singleOrEmpty();
        if (responseTimeout != null) {
            Duration timeout = responseTimeout;
            answered = answered
                    .timeout(timeout, Mono.error(() -> new TimeoutException(
                            "Response took longer than timeout: " + timeout)))
                    .onErrorMap(TimeoutException.class,
                            e -> new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT, e.getMessage(), e));
        }
        return answered.flatMap(connection -> writeBody(exchange.getResponse(), connection)).then(chain.filter(exchange));
    }

    private List<HttpHeadersFilter> headersFilters() {
        List<HttpHeadersFilter> filters = headersFilters;
        if (filters == null) {
            filters = headersFiltersProvider.get();
            headersFilters = filters;
        }
        return filters;
    }

    /** The replica's status, and its headers through the response header filters, onto the client's response. */
    private static void takeStatusAndHeaders(ServerWebExchange exchange, HttpClientResponse upstream,
            List<HttpHeadersFilter> filters) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatusCode.valueOf(upstream.status().code()));
        HttpHeaders headers = HttpHeadersFilter.filter(filters,
                new HttpHeaders(new Netty4HeadersAdapter(upstream.responseHeaders())), exchange,
                HttpHeadersFilter.Type.RESPONSE);
        if (headers.containsHeader(HttpHeaders.CONTENT_LENGTH)) {
            headers.remove(HttpHeaders.TRANSFER_ENCODING);   // never both
        }
        exchange.getAttributes().put(CLIENT_RESPONSE_HEADER_NAMES, headers.headerNames());
        if (!response.isCommitted()) {
            response.getHeaders().addAll(headers);
        }
    }

    /** The replica's body as the buffers Netty read, each released once the client's connection has written it. */
    private static Mono<Void> writeBody(ServerHttpResponse response, Connection connection) {
        DataBufferFactory factory = response.bufferFactory();
        Flux<DataBuffer> body = connection.inbound().receive().retain().map(buf -> wrap(buf, factory));
        return response.writeWith(body)
                .doOnCancel(connection::dispose)
                .doOnError(e -> connection.dispose());
    }

    private static DataBuffer wrap(ByteBuf buf, DataBufferFactory factory) {
        if (factory instanceof NettyDataBufferFactory netty) {
            return netty.wrap(buf);
        }
        try {   // a response that is not Netty's (tests): copy and let go of the Netty buffer
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            return factory.wrap(bytes);
        } finally {
            buf.release();
        }
    }
}
