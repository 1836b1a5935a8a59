package dev.thumbd.gateway.routing;

import dev.thumbd.gateway.filter.Headers;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.client.loadbalancer.EmptyResponse;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import reactor.core.publisher.Mono;

/**
 * Picks the resizer replica for a request by rendezvous hashing of its fingerprint (the header the canonicalising
 * filter sets), so each thumbnail is made and cached by one replica instead of by all of them. Requests without a
 * fingerprint (uploads, info) hash their path and query. A replica marked down by {@link ReplicaHealth} is skipped
 * for the next one in the key's order; when all are down the request fails at once with a 503 problem instead of
 * waiting on replicas known to be broken (each comes back after its cool-down or through its breaker's trials).
 */
public final class RendezvousLoadBalancer implements ReactorServiceInstanceLoadBalancer {

    private final ObjectProvider<ServiceInstanceListSupplier> suppliers;
    private final ReplicaHealth health;
    private volatile @Nullable ServiceInstanceListSupplier supplier;

    public RendezvousLoadBalancer(ObjectProvider<ServiceInstanceListSupplier> suppliers, ReplicaHealth health) {
        this.suppliers = suppliers;
        this.health = health;
    }

    @Override
    public Mono<Response<ServiceInstance>> choose(Request request) {
        ServiceInstanceListSupplier supplier = this.supplier;
        if (supplier == null) {
            supplier = suppliers.getIfAvailable();   // resolved once: a bean lookup per request is measurable
            this.supplier = supplier;
        }
        if (supplier == null) {
            return Mono.just(new EmptyResponse());
        }
        String key = key(request);
        return supplier.get(request).next().map(instances -> pick(key, instances));
    }

    private Response<ServiceInstance> pick(String key, List<ServiceInstance> instances) {
        if (instances.isEmpty()) {
            return new EmptyResponse();
        }
        List<ServiceInstance> order = RendezvousHashing.order(key, instances, RendezvousLoadBalancer::id);
        for (ServiceInstance s : order) {
            if (health.isUp(id(s))) {
                return new DefaultResponse(s);
            }
        }
        return new EmptyResponse();   // the whole pool is down: fail fast (503 upstream-unavailable)
    }

    /** A replica's identity: {@code host:port}, stable across restarts (instance ids may not be). */
    public static String id(ServiceInstance s) {
        return s.getHost() + ":" + s.getPort();
    }

    private static String key(Request request) {
        if (request.getContext() instanceof RequestDataContext c && c.getClientRequest() != null) {
            RequestData data = c.getClientRequest();
            String fingerprint = data.getHeaders().getFirst(Headers.FINGERPRINT);
            if (fingerprint != null) {
                return fingerprint;
            }
            return data.getUrl().getRawPath() + "?" + data.getUrl().getRawQuery();
        }
        return "";
    }
}
