package dev.thumbd.gateway.config;

import dev.thumbd.gateway.routing.RendezvousLoadBalancer;
import dev.thumbd.gateway.routing.ReplicaHealth;
import java.net.URI;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.ReactorLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.ServiceInstanceListSuppliers;
import org.springframework.context.annotation.Bean;

/**
 * The load-balancer context of the resizer replicas (registered by {@code @LoadBalancerClient}; deliberately not a
 * {@code @Configuration} so that component scanning leaves it to that child context): the replicas from
 * {@code thumbd.gateway.resizers} and the rendezvous balancer.
 */
class ResizerLoadBalancing {

    @Bean
    ServiceInstanceListSupplier resizerInstances(GatewayProperties properties) {
        List<URI> uris = properties.gateway().resizers();
        if (uris.isEmpty()) {
            throw new IllegalStateException("thumbd.gateway.resizers lists no resizer (http://host:port)");
        }
        ServiceInstance[] instances = uris.stream().map(u -> (ServiceInstance) new DefaultServiceInstance(
                u.getHost() + ":" + u.getPort(), GatewayConfiguration.RESIZER, u.getHost(), u.getPort(),
                "https".equals(u.getScheme()))).toArray(ServiceInstance[]::new);
        return ServiceInstanceListSuppliers.from(GatewayConfiguration.RESIZER, instances);
    }

    @Bean
    ReactorLoadBalancer<ServiceInstance> rendezvousLoadBalancer(ObjectProvider<ServiceInstanceListSupplier> suppliers,
            ReplicaHealth health) {
        return new RendezvousLoadBalancer(suppliers, health);
    }
}
