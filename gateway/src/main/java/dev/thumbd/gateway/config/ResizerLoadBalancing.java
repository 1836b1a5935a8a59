package dev.thumbd.gateway.config;

import dev.thumbd.gateway.routing.DnsReplicaSupplier;
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
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The load-balancer context of the resizer replicas (registered by {@code @LoadBalancerClient}; deliberately not a
 * {@code @Configuration} so that component scanning leaves it to that child context): the replicas from
 * {@code thumbd.gateway.resizers} (or {@code thumbd.gateway.canary.resizers}) and the rendezvous balancer.
 */
class ResizerLoadBalancing {

    /** The pool this context balances: {@code resizer} (stable) or {@code resizer-canary}. */
    @Bean
    ServiceInstanceListSupplier resizerInstances(GatewayProperties properties, Environment environment) {
        String pool = environment.getProperty(LoadBalancerClientFactory.PROPERTY_NAME, GatewayConfiguration.RESIZER);
        String dns = properties.gateway().resizersDns();
        if (dns != null && !dns.isBlank() && pool.equals(GatewayConfiguration.RESIZER)) {
            URI u = URI.create("dns://" + dns.strip());
            if (u.getHost() == null || u.getPort() < 0) {
                throw new IllegalStateException("thumbd.gateway.resizers-dns is host:port, not '" + dns + "'");
            }
            return new DnsReplicaSupplier(pool, u.getHost(), u.getPort(), properties.gateway().dnsRefresh());
        }
        List<URI> uris = pool.equals(GatewayConfiguration.CANARY) ? properties.gateway().canary().resizers()
                : properties.gateway().resizers();
        if (uris.isEmpty()) {
            throw new IllegalStateException("no resizer is configured for the " + pool + " pool (http://host:port)");
        }
        ServiceInstance[] instances = uris.stream().map(u -> (ServiceInstance) new DefaultServiceInstance(
                u.getHost() + ":" + u.getPort(), pool, u.getHost(), u.getPort(),
                "https".equals(u.getScheme()))).toArray(ServiceInstance[]::new);
        return ServiceInstanceListSuppliers.from(pool, instances);
    }

    @Bean
    ReactorLoadBalancer<ServiceInstance> rendezvousLoadBalancer(ObjectProvider<ServiceInstanceListSupplier> suppliers,
            ReplicaHealth health) {
        return new RendezvousLoadBalancer(suppliers, health);
    }
}
