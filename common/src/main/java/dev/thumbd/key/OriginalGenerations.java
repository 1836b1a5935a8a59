package dev.thumbd.key;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Write generations of originals, for caches that must not keep what was made from an original that changed while
 * it was being made: read {@link #current} before reading the original, and keep the result only if
 * {@link #unchangedSince} still holds once it is kept (check again after storing and drop it if not: a write may have
 * come in between). {@link #advance} is called by whatever writes or purges an original.
 *
 * <p>Generations are kept per stripe of originals (1,024 stripes by hash), so memory is bounded and a write to one
 * original rarely holds back another (only one that shares its stripe, and only while that write happens).
 */
public final class OriginalGenerations {

    private static final int STRIPE_BITS = 10;
    private final AtomicLongArray stripes = new AtomicLongArray(1 << STRIPE_BITS);

    /** The generation of an original now. */
    public long current(String source) {
        return stripes.get(stripe(source));
    }

    /** Whether nothing advanced the original's generation since {@code generation} was read. */
    public boolean unchangedSince(String source, long generation) {
        return stripes.get(stripe(source)) == generation;
    }

    /** An original was written or purged. */
    public void advance(String source) {
        stripes.incrementAndGet(stripe(source));
    }

    /** Every original may have changed (writes were missed). */
    public void advanceAll() {
        for (int i = 0; i < stripes.length(); i++) {
            stripes.incrementAndGet(i);
        }
    }

    private static int stripe(String source) {
        return (source.hashCode() * 0x9E3779B9) >>> (Integer.SIZE - STRIPE_BITS);
    }
}
