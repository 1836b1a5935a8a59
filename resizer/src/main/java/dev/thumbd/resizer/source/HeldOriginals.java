package dev.thumbd.resizer.source;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bytes of originals that requests hold while they are read, queued and rendered: bounded, so that many requests
 * for many distinct large originals (each waiting its turn for a worker with its original in memory) cannot fill
 * the heap. A read reserves the original's length before its array is allocated; the requests that use the
 * original then hold it (the first takes over the read's reservation, the others count on it), and the last to let
 * go gives the bytes back. What does not fit is refused at once (503 {@code overloaded}); one original is always
 * admitted while nothing else is held, so an original up to the largest accepted size can always be served.
 *
 * <p>Requests for the same original share one array, counted once.
 */
public final class HeldOriginals {

    private final long capacity;
    private long used;
    private long peak;
    /** Reservations made by reads whose original no request holds yet. */
    private final Set<byte[]> unclaimed = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<SourceImage, Integer> holders = new ConcurrentHashMap<>();

    /** @param capacity bytes of originals all requests together may hold (more for one original alone) */
    public HeldOriginals(long capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
    }

    /** Reserves {@code length} bytes for a read about to allocate them; false when they do not fit. */
    synchronized boolean reserve(long length) {
        if (used > 0 && used + length > capacity) {
            return false;
        }
        used += length;
        peak = Math.max(peak, used);
        return true;
    }

    synchronized void release(long length) {
        used -= length;
    }

    /** The array a read allocated after {@link #reserve}: its reservation waits for a holder. */
    void readInto(byte[] bytes) {
        unclaimed.add(bytes);
    }

    /** The read of {@code bytes} ended: its reservation goes back unless a request holds the original now. */
    void readEnded(byte[] bytes) {
        if (unclaimed.remove(bytes)) {
            release(bytes.length);
        }
    }

    /** One more request holds {@code image}; false (nothing held) when its bytes do not fit. */
    boolean hold(SourceImage image) {
        boolean[] held = {true};
        holders.compute(image, (k, n) -> {
            if (n != null) {
                return n + 1;
            }
            if (unclaimed.remove(image.bytes()) || reserve(image.bytes().length)) {
                return 1;
            }
            held[0] = false;
            return null;
        });
        return held[0];
    }

    /** A request lets go of {@code image}; the last one gives its bytes back. */
    void letGo(SourceImage image) {
        holders.computeIfPresent(image, (k, n) -> {
            if (n > 1) {
                return n - 1;
            }
            release(image.bytes().length);
            return null;
        });
    }

    /** Bytes held (or being read) now. */
    public synchronized long used() {
        return used;
    }

    /** The most bytes held at once since start. */
    public synchronized long peak() {
        return peak;
    }

    /** Bytes all requests together may hold. */
    public long capacity() {
        return capacity;
    }
}
