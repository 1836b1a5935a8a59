package dev.thumbd.resizer.degradation;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The heap water level: how full the old generation was after the last collection that covered it, as the collector
 * itself reports it ({@link MemoryPoolMXBean#getCollectionUsage()}), not the heap in use at a random instant. Between
 * collections the heap fills with garbage by design (a serial or parallel collector runs when it is full), so the
 * instantaneous figure reads 0.9 on an idle service; what survives a collection is what the service really holds.
 *
 * <p>The pool is the tenured one: Serial's "Tenured Gen", Parallel's "PS Old Gen", G1's "G1 Old Gen", ZGC's and
 * Shenandoah's single pools (named by their collector). Its maximum is the pool's, or the heap's when the pool has
 * none. Before the first collection of that pool the level is 0.
 */
public final class HeapAfterGc {

    private final String name;
    private final Supplier<@Nullable MemoryUsage> afterGc;
    private final long heapMax;

    HeapAfterGc(String name, Supplier<@Nullable MemoryUsage> afterGc, long heapMax) {
        this.name = name;
        this.afterGc = afterGc;
        this.heapMax = heapMax;
    }

    /** The tenured pool of this JVM's collector. */
    public static HeapAfterGc platform() {
        long heapMax = Runtime.getRuntime().maxMemory();
        MemoryPoolMXBean pool = tenured(ManagementFactory.getMemoryPoolMXBeans());
        if (pool == null) {
            return new HeapAfterGc("no tenured pool found (level 0)", () -> null, heapMax);
        }
        return new HeapAfterGc("the occupancy of '" + pool.getName() + "' after its last collection",
                pool::getCollectionUsage, heapMax);
    }

    /** The old generation among {@code pools}, or the single heap pool of a one-generation collector. */
    public static @Nullable MemoryPoolMXBean tenured(List<MemoryPoolMXBean> pools) {
        MemoryPoolMXBean single = null;
        int heapPools = 0;
        for (MemoryPoolMXBean p : pools) {
            if (p.getType() != MemoryType.HEAP || !p.isCollectionUsageThresholdSupported()) {
                continue;
            }
            String n = p.getName().toLowerCase(Locale.ROOT);
            if (n.contains("old") || n.contains("tenured")) {
                return p;
            }
            if (!n.contains("eden") && !n.contains("survivor")) {
                single = p;
            }
            heapPools++;
        }
        return heapPools >= 1 ? single : null;
    }

    /** Occupancy after the last collection / maximum, 0 before any. */
    public double fraction() {
        MemoryUsage u = afterGc.get();
        if (u == null) {
            return 0;
        }
        long max = u.getMax() > 0 ? u.getMax() : heapMax;
        return max > 0 ? (double) u.getUsed() / max : 0;
    }

    /**
     * The occupancy after the last collection of what is not governed elsewhere, as a fraction of the heap's other
     * shares: {@code governed} bytes (the pixel bytes renders hold now, within their own budget of
     * {@code governedCapacity}) are taken out of the occupancy, and the budget out of the maximum heap. Renders in progress are alive during a collection by design; what must not grow
     * is everything else.
     */
    public double fraction(long governed, long governedCapacity) {
        MemoryUsage u = afterGc.get();
        if (u == null) {
            return 0;
        }
        long max = heapMax - governedCapacity;   // the heap's other shares (docs/ARCHITECTURE.md, "Memory model")
        return max > 0 ? Math.max(0, (double) (u.getUsed() - governed) / max) : 0;
    }

    /** Which figure this reads, for the log. */
    public String describe() {
        return name;
    }
}
