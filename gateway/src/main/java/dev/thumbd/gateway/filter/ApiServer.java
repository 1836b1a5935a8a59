package dev.thumbd.gateway.filter;

import dev.thumbd.http.Endpoint;
import java.net.InetSocketAddress;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.web.server.ServerWebExchange;

/**
 * Whether a request came in on the gateway's API server rather than on the management server
 * ({@code management.server.port}). Spring Boot's management server runs the same web filters, while Spring Cloud
 * Gateway routes nothing there; so the web filters that act on {@code /v1} requests ({@link CanonicalizeFilter}, and
 * through its attributes the signature, quarantine and hot-thumbnail filters) and the rate limit
 * ({@link RateLimitFilter}) ask this first. Decided by the port the API server actually listens on (learnt when it
 * starts, the server without a namespace; the management server's is {@code management}), so a random port
 * ({@code 0}) comes out right, and a management server sharing the API's port counts as the API's.
 */
public final class ApiServer implements ApplicationListener<WebServerInitializedEvent> {

    private volatile int port = -1;

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() == null) {
            port = event.getWebServer().getPort();
        }
    }

    /** Whether the exchange came in on the API server's port (true too when the actuator shares that port). */
    public boolean serves(ServerWebExchange exchange) {
        InetSocketAddress local = exchange.getRequest().getLocalAddress();
        return local != null && local.getPort() == port;
    }

    /**
     * Whether the exchange is for a public {@code /v1} endpoint ({@link Endpoint}) on the API server: the one rule of
     * what is routed, asked by the routes themselves and by the web filters that prepare routed requests. (Spring
     * Cloud Gateway leaves the management port out of its routes only when that port is a fixed number; a random one
     * would otherwise route {@code /v1} there too.)
     */
    public boolean routes(ServerWebExchange exchange) {
        return Endpoint.of(exchange.getRequest().getPath().value()).isPublicApi() && serves(exchange);
    }
}
