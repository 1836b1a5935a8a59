package dev.thumbd.gateway.filter;

import dev.thumbd.gateway.routing.Quarantine;
import dev.thumbd.gateway.routing.ReplicaHealth;
import dev.thumbd.gateway.routing.UpstreamFailure;
import java.net.URI;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Runs once the load balancer has chosen a replica: tells {@link ReplicaHealth} how the replica answered (and names
 * it in {@code X-Thumbd-Replica} when {@code thumbd.gateway.replica-header} is on; internal addresses are not shown
 * by default). A refused connection marks it down at once, so the route's retry goes to the next replica in the key's
 * rendezvous order; statuses and timeouts feed its circuit breaker. A connection closed or reset while the replica
 * worked on a {@code /v1/resize} request is never retried: the request is quarantined ({@link Quarantine}) and
 * answered 503 {@code quarantined}.
 */
public final class ReplicaFailureFilter implements GlobalFilter, Ordered {

    public static final int ORDER = ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER + 1;

    private final ReplicaHealth health;
    private final boolean replicaHeader;
    private final Quarantine quarantine;

    public ReplicaFailureFilter(ReplicaHealth health, boolean replicaHeader, Quarantine quarantine) {
        this.health = health;
        this.replicaHeader = replicaHeader;
        this.quarantine = quarantine;
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
        exchange.getAttributes().put(Headers.REPLICA_ATTR, replica);
        if (replicaHeader) {
            exchange.getResponse().getHeaders().set(Headers.REPLICA, replica);
        }
        long t0 = System.nanoTime();
        return chain.filter(exchange)
                .doOnSuccess(v -> {
                    var status = exchange.getResponse().getStatusCode();
                    health.answered(replica, status == null ? 200 : status.value(), System.nanoTime() - t0);
                })
                .onErrorResume(e -> {
                    UpstreamFailure failure = UpstreamFailure.of(e);
                    if (failure == UpstreamFailure.CONNECT) {
                        health.failed(replica);
                        return Mono.error(e);
                    }
                    health.answered(replica, 0, System.nanoTime() - t0);
                    String fingerprint = exchange.getAttribute(Headers.FINGERPRINT_ATTR);
                    if (fingerprint != null && failure == UpstreamFailure.DIED_MID_REQUEST) {
                        quarantine.add(fingerprint);
                        return Mono.error(QuarantineFilter.quarantined(quarantine));
                    }
                    return Mono.error(e);
                });
    }
}
