package dev.thumbd.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.PrematureCloseException;

class UpstreamFailureTest {

    @Test
    void theChainIsReadOnceWithConnectFirstThenTimeoutThenADeath() {
        assertThat(UpstreamFailure.of(new RuntimeException(new ConnectException("refused"))))
                .isEqualTo(UpstreamFailure.CONNECT);
        assertThat(UpstreamFailure.of(PrematureCloseException.TEST_EXCEPTION))
                .isEqualTo(UpstreamFailure.DIED_MID_REQUEST);
        assertThat(UpstreamFailure.of(new RuntimeException(new IOException("Connection reset by peer"))))
                .isEqualTo(UpstreamFailure.DIED_MID_REQUEST);
        // the gateway gave up waiting: not a replica that died, so no quarantine
        TimeoutException timeout = new TimeoutException("30 s");
        timeout.initCause(new IOException("Connection reset by peer"));
        assertThat(UpstreamFailure.of(new RuntimeException(timeout))).isEqualTo(UpstreamFailure.TIMEOUT);
        RuntimeException both = new RuntimeException(new IOException("reset", new ConnectException("refused")));
        assertThat(UpstreamFailure.of(both)).isEqualTo(UpstreamFailure.CONNECT);
        // a replica whose name stopped resolving (its container or pod is gone), as Netty's resolver says it
        assertThat(UpstreamFailure.of(new java.net.UnknownHostException("Failed to resolve 'resizer-1' [A(1)]")))
                .isEqualTo(UpstreamFailure.CONNECT);
        assertThat(UpstreamFailure.of(new IOException("broken pipe"))).isEqualTo(UpstreamFailure.OTHER);
        assertThat(UpstreamFailure.of(new IllegalStateException())).isEqualTo(UpstreamFailure.OTHER);
    }
}
