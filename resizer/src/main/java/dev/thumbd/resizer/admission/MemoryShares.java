package dev.thumbd.resizer.admission;

import java.util.Locale;

/**
 * How the resizer's memory is shared out, decided once at start from the configured maximum heap: every consumer
 * that grows with traffic has its own bounded share, and the shares add up to the heap.
 *
 * <pre>
 *   heap = young generation + framework + L1 + recent originals + held originals + shared decodes + write-behind
          + workers x scratch kept + pixel budget
 * </pre>
 * The pixel budget is what is left: the heap bytes renders in progress may hold together ({@link PixelBudget}).
 * Codecs draw native memory besides (decoder and encoder buffers); renders hold at most {@link #nativeBudget} of it
 * together, on top of the heap, so the process needs about {@code heap + native budget + the JVM's own} (code
 * cache, metaspace, thread stacks, Netty's direct buffers): {@link #processBytes}.
 *
 * @param heap          the maximum heap ({@code -Xmx})
 * @param young         the young generation's share of it: what lives through a collection (the caches, a render's
 *                      buffers for its duration) must fit in the old generation, so the young one is not shared out
 * @param framework     kept for everything else on the heap: Spring, Netty, meters, requests in flight
 * @param l1            the memory cache of thumbnails
 * @param sources       recently read originals
 * @param originals     originals that requests hold while they are read, queued and rendered
 * @param sharedDecodes decoded pixels kept between renders: shared among renders of one original, and the decoded
 *                      overlays ({@code thumbd.memory.overlays})
 * @param writeBehind   thumbnails waiting to be written to the disk cache and the store
 * @param scratchKept   what all workers keep between renders ({@code workers x scratch retain})
 * @param pixelBudget   heap bytes renders may hold together
 * @param nativeBudget  native bytes renders may hold together
 * @param jvmOverhead   what the JVM itself takes outside the heap (code cache, metaspace, stacks, direct buffers)
 */
public record MemoryShares(long heap, long young, long framework, long l1, long sources, long originals,
        long sharedDecodes,
        long writeBehind, long scratchKept, long pixelBudget, long nativeBudget, long jvmOverhead) {

    /** The smallest pixel budget the resizer starts with: one 12 MP photo at 1/2 and a little room. */
    public static final long MIN_PIXEL_BUDGET = 32L << 20;

    public MemoryShares {
        if (pixelBudget < MIN_PIXEL_BUDGET) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "the heap of %d MiB leaves %d MiB for pixels after its other shares (young generation %d, "
                            + "framework %d, L1 %d, recent originals %d, held originals %d, shared decodes %d, "
                            + "write-behind %d, worker scratch %d); at least %d MiB are needed: raise -Xmx, cap the "
                            + "young generation (-XX:MaxNewSize=32m, as ./thumbd run and the images do) or lower a "
                            + "share (docs/CONFIGURATION.md, thumbd.memory)", heap >> 20, pixelBudget >> 20,
                    young >> 20, framework >> 20, l1 >> 20, sources >> 20, originals >> 20, sharedDecodes >> 20,
                    writeBehind >> 20, scratchKept >> 20, MIN_PIXEL_BUDGET >> 20));
        }
    }

    /**
     * The shares for a heap of {@code heap} bytes; {@code pixelBudget <= 0} means "what is left".
     *
     * @param nativeBudget native bytes renders may hold together; {@code <= 0}: twice the pixel budget (codecs
     *                     hold the decoded image natively besides its heap copy, and AV1 and WebP encoders their
     *                     own planes)
     */
    public static MemoryShares of(long heap, long young, long framework, long l1, long sources, long originals,
            long sharedDecodes,
            long writeBehind, long scratchKept, long pixelBudget, long nativeBudget, long jvmOverhead) {
        long left = heap - young - framework - l1 - sources - originals - sharedDecodes - writeBehind - scratchKept;
        long pixels = pixelBudget > 0 ? Math.min(pixelBudget, left) : left;
        long natives = nativeBudget > 0 ? nativeBudget : Math.max(pixels, 0) * 2;
        return new MemoryShares(heap, young, framework, l1, sources, originals, sharedDecodes, writeBehind,
                scratchKept, pixels,
                natives, jvmOverhead);
    }

    /** What the whole process may need at most: the heap, the native pixel budget and the JVM's own memory. */
    public long processBytes() {
        return heap + nativeBudget + jvmOverhead;
    }

    /** One line for the startup log. */
    public String describe() {
        return String.format(Locale.ROOT, "heap %d MiB = young generation %d + framework %d + L1 %d + recent originals "
                        + "%d + held originals %d + shared decodes %d + write-behind %d + worker scratch %d + pixel "
                        + "budget %d; native pixel budget %d MiB; process at most about %d MiB",
                heap >> 20, young >> 20, framework >> 20, l1 >> 20, sources >> 20, originals >> 20, sharedDecodes >> 20,
                writeBehind >> 20, scratchKept >> 20, pixelBudget >> 20, nativeBudget >> 20, processBytes() >> 20);
    }
}
