package dev.thumbd.gateway.routing;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Passive health of the resizer replicas: a replica that refused a connection is passed over for a cool-down, then
 * tried again by the next request that hashes to it. No probes: the traffic itself is the probe.
 */
public final class ReplicaHealth {

    private final ConcurrentHashMap<String, Long> downUntil = new ConcurrentHashMap<>();
    private final long cooldownNanos;
    private final LongSupplier nanoTime;

    public ReplicaHealth(Duration cooldown) {
        this(cooldown, System::nanoTime);
    }

    ReplicaHealth(Duration cooldown, LongSupplier nanoTime) {
        this.cooldownNanos = cooldown.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Records that {@code replica} refused a connection. */
    public void failed(String replica) {
        downUntil.put(replica, nanoTime.getAsLong() + cooldownNanos);
    }

    public boolean isUp(String replica) {
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
}
