package dev.thumbd.gateway.routing;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Health of the resizer replicas, from the traffic itself (no probes):
 * <ul>
 *   <li>a replica that refused a connection is passed over for a cool-down, at once;</li>
 *   <li>a circuit breaker per replica (Resilience4j, named {@code host:port}) opens when at least half of its last 20
 *       answers were server errors or timeouts, passes the replica over while open, and lets trial requests through
 *       after the open wait. Overload answers (503) and deadline answers (504) are the resizer protecting itself and
 *       do not count.</li>
 * </ul>
 * The load balancer skips replicas that are not up; when none of a pool is up the request fails fast with a 503.
 */
public final class ReplicaHealth {

    private final ConcurrentHashMap<String, Long> downUntil = new ConcurrentHashMap<>();
    private final long cooldownNanos;
    private final LongSupplier nanoTime;
    private final CircuitBreakerRegistry breakers;

    public ReplicaHealth(Duration cooldown, Duration openWait) {
        this(cooldown, System::nanoTime, openWait);
    }

    ReplicaHealth(Duration cooldown, LongSupplier nanoTime) {
        this(cooldown, nanoTime, Duration.ofSeconds(10));
    }

    private ReplicaHealth(Duration cooldown, LongSupplier nanoTime, Duration openWait) {
        this.cooldownNanos = cooldown.toNanos();
        this.nanoTime = nanoTime;
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(20).minimumNumberOfCalls(10).failureRateThreshold(50)
                .waitDurationInOpenState(openWait).permittedNumberOfCallsInHalfOpenState(3)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build());
    }

    /** The breakers, for metrics ({@code resilience4j_circuitbreaker_state}). */
    public CircuitBreakerRegistry breakers() {
        return breakers;
    }

    /** Records that {@code replica} refused a connection. */
    public void failed(String replica) {
        downUntil.put(replica, nanoTime.getAsLong() + cooldownNanos);
        breaker(replica).onError(0, TimeUnit.NANOSECONDS, new java.net.ConnectException(replica));
    }

    /** Records an answer from {@code replica}: its status, or a timeout ({@code status} 0). */
    public void answered(String replica, int status, long nanos) {
        CircuitBreaker b = breaker(replica);
        if (status == 0 || (status >= 500 && status != 503 && status != 504)) {
            b.onError(nanos, TimeUnit.NANOSECONDS, new IllegalStateException("status " + status));
        } else {
            b.onSuccess(nanos, TimeUnit.NANOSECONDS);
        }
    }

    public boolean isUp(String replica) {
        if (breaker(replica).getState() == CircuitBreaker.State.OPEN) {
            return false;
        }
        Long until = downUntil.get(replica);
        if (until == null) {
            return true;
        }
        if (nanoTime.getAsLong() - until >= 0) {
            downUntil.remove(replica, until);
            return true;
        }
        return false;
    }

    public CircuitBreaker.State state(String replica) {
        return breaker(replica).getState();
    }

    private CircuitBreaker breaker(String replica) {
        return breakers.circuitBreaker(replica);
    }
}
