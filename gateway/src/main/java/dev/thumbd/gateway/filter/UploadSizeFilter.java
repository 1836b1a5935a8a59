package dev.thumbd.gateway.filter;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Request bodies over {@code thumbd.gateway.max-upload-size} are refused with 413 {@code source-too-large}: at once
 * when {@code Content-Length} says so, and as soon as the limit is crossed for a body without one, so an oversized
 * upload never reaches a resizer in full.
 */
public final class UploadSizeFilter implements GlobalFilter, Ordered {

    public static final int ORDER = ApiKeyFilter.ORDER + 35;

    private final long maxBytes;

    public UploadSizeFilter(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        long declared = request.getHeaders().getContentLength();
        if (declared > maxBytes) {
            return Mono.error(tooLarge());
        }
        if (declared >= 0 || request.getMethod().name().equals("GET") || request.getMethod().name().equals("HEAD")) {
            return chain.filter(exchange);   // a declared length is enforced by the HTTP codec itself
        }
        AtomicLong seen = new AtomicLong();
        ServerHttpRequest counted = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                return super.getBody().doOnNext(b -> {
                    if (seen.addAndGet(b.readableByteCount()) > maxBytes) {
                        DataBufferUtils.release(b);
                        throw tooLarge();
                    }
                });
            }
        };
        return chain.filter(exchange.mutate().request(counted).build());
    }

    private ProblemException tooLarge() {
        return new ProblemException(ProblemType.SOURCE_TOO_LARGE,
                "The request body is larger than " + maxBytes + " bytes.");
    }
}
