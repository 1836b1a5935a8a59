package dev.thumbd.resizer.http;

import dev.thumbd.http.Endpoint;
import dev.thumbd.http.RequestPath;
import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import java.net.InetSocketAddress;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The resizer's first check of every request, the same as the gateway's: a path that is not byte-for-byte canonical
 * ({@link RequestPath}) is a 400 before any route is matched, so the router's own decoding (which drops matrix
 * parameters and decodes segments) never sees a second spelling of an endpoint. And the public {@code /v1} API
 * answers on the API port only: on the management port (health, metrics, operator pages) it is a 404.
 */
public final class RequestPathFilter implements WebFilter, Ordered {

    private volatile int apiPort = -1;

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    /** The port the API server listens on, once it does. */
    public void apiPortIs(int port) {
        this.apiPort = port;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return Mono.defer(() -> {
            String path = RequestPath.check(exchange.getRequest().getPath().value());
            if (exchange.getRequest().getURI().getRawFragment() != null) {
                throw new ProblemException(ProblemType.NON_CANONICAL_PATH,
                        "A request target has no fragment (#); the request path must be in canonical form.");
            }
            InetSocketAddress local = exchange.getRequest().getLocalAddress();
            if (Endpoint.of(path).isPublicApi() && apiPort > 0 && local != null && local.getPort() != apiPort) {
                throw new ProblemException(ProblemType.NOT_FOUND, "The /v1 API is not served on this port.");
            }
            return chain.filter(exchange);
        });
    }
}
