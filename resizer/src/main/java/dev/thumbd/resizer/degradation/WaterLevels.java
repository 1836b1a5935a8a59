package dev.thumbd.resizer.degradation;

/**
 * One sample of the resizer's own load, each as a fraction of its limit.
 *
 * @param queue   admission queue length / capacity
 * @param heap    the old generation after its last collection, less the pixel bytes renders hold, over the heap's
 *                other shares ({@link HeapAfterGc#fraction(long, long)})
 * @param cpu     process CPU load (0..1 over all cores), or -1 when the platform does not say
 * @param latency p99 of the recent waits for a worker / the p99 target ({@code thumbd.degradation.p99-target}), or
 *                -1 when there were none
 */
public record WaterLevels(double queue, double heap, double cpu, double latency) {

    /** Without a latency reading. */
    public WaterLevels(double queue, double heap, double cpu) {
        this(queue, heap, cpu, -1);
    }
}
