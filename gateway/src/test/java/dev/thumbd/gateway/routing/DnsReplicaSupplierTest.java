package dev.thumbd.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.client.ServiceInstance;

class DnsReplicaSupplierTest {

    @Test
    void everyAddressOfTheNameIsAReplicaOnThePort() throws Exception {
        DnsReplicaSupplier s = new DnsReplicaSupplier("resizer", "localhost", 18081, Duration.ofMinutes(1));
        try {
            List<ServiceInstance> found = s.get().blockFirst();
            assertThat(found).isNotEmpty().allSatisfy(i -> {
                assertThat(i.getPort()).isEqualTo(18081);
                assertThat(i.getHost()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
                assertThat(RendezvousLoadBalancer.id(i)).isEqualTo(i.getHost() + ":18081");
            });
        } finally {
            s.destroy();
        }
    }

    @Test
    void anUnknownNameGivesNoReplicasInsteadOfFailing() throws Exception {
        DnsReplicaSupplier s = new DnsReplicaSupplier("resizer", "no-such-host.invalid", 8081, Duration.ofMinutes(1));
        try {
            assertThat(s.get().blockFirst()).isEmpty();
        } finally {
            s.destroy();
        }
    }
}
