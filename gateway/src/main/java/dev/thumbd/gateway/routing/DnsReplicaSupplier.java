package dev.thumbd.gateway.routing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import reactor.core.publisher.Flux;

/**
 * Replicas discovered through DNS: every address a name resolves to (a Kubernetes headless Service lists one per
 * ready pod) is a replica on the given port. The name is resolved again every {@code refresh} on a thread of its own
 * (lookups block), never on an event loop; when a lookup fails the last known list is kept.
 */
public final class DnsReplicaSupplier implements ServiceInstanceListSupplier, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(DnsReplicaSupplier.class);

    private final String serviceId;
    private final String host;
    private final int port;
    private final ScheduledExecutorService resolver;
    private volatile List<ServiceInstance> current = List.of();

    public DnsReplicaSupplier(String serviceId, String host, int port, Duration refresh) {
        this.serviceId = serviceId;
        this.host = host;
        this.port = port;
        this.resolver = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "thumbd-dns-" + serviceId);
            t.setDaemon(true);
            return t;
        });
        resolve();
        resolver.scheduleWithFixedDelay(this::resolve, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void resolve() {
        try {
            List<ServiceInstance> found = Arrays.stream(InetAddress.getAllByName(host))
                    .map(InetAddress::getHostAddress).distinct().sorted()
                    .map(ip -> (ServiceInstance) new DefaultServiceInstance(ip + ":" + port, serviceId, ip, port, false))
                    .toList();
            if (!found.equals(current)) {
                LOG.info("{}: {} resolves to {} replicas", serviceId, host, found.size());
            }
            current = found;
        } catch (UnknownHostException e) {
            LOG.warn("{}: cannot resolve {} ({}); keeping {} known replicas", serviceId, host, e.getMessage(),
                    current.size());
        }
    }

    @Override
    public String getServiceId() {
        return serviceId;
    }

    @Override
    public Flux<List<ServiceInstance>> get() {
        return Flux.just(current);
    }

    @Override
    public void destroy() {
        resolver.shutdownNow();
    }
}
