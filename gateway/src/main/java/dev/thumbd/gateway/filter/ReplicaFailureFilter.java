package dev.thumbd.gateway.filter;

import dev.thumbd.gateway.routing.ReplicaHealth;
import java.net.ConnectException;
import java.net.URI;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Runs once the load balancer has chosen a replica: names it in {@code X-Thumbd-Replica}, and tells
 * {@link ReplicaHealth} how the replica answered. A refused connection marks it down at once, so the route's retry
 * goes to the next replica in the key's rendezvous order; statuses and timeouts feed its circuit breaker.
 */
public final class ReplicaFailureFilter implements GlobalFilter, Ordered {

    public static final int ORDER = ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER + 1;

    private final ReplicaHealth health;

    public ReplicaFailureFilter(ReplicaHealth health) {
        this.health = health;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        URI url = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
        if (url == null || url.getHost() == null) {
            return chain.filter(exchange);
        }
        String replica = url.getHost() + ":" + url.getPort();
        exchange.getResponse().getHeaders().set(Headers.REPLICA, replica);
        long t0 = System.nanoTime();
        return chain.filter(exchange)
                .doOnSuccess(v -> {
                    var status = exchange.getResponse().getStatusCode();
                    health.answered(replica, status == null ? 200 : status.value(), System.nanoTime() - t0);
                })
                .doOnError(e -> {
                    if (isConnectFailure(e)) {
                        health.failed(replica);
                    } else {
                        health.answered(replica, 0, System.nanoTime() - t0);
                    }
                });
    }

    static boolean isConnectFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }
}
