package dev.thumbd.resizer.pipeline;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.thumbd.resizer.codec.Decoder;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.Scratch;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Decodes shared among the workers rendering one original at the same time (several sizes of one photo, as a page
 * with a {@code srcset} asks for them): the first worker decodes, workers that need the same original at the same
 * shrink-on-load factor within the window wait for it and copy its pixels into their own scratch memory, so one
 * decode serves them all and every output stays byte-identical to a solo render (same pixels in, same steps after).
 *
 * <p>The original is identified by its bytes (the very array the source loader shares among concurrent requests),
 * never by name, so a changed original can never be served from an old decode. Shared copies are bounded in bytes
 * and kept for the window only; decodes too large to be worth holding ({@code > maxBytes / 4}) are never shared.
 */
public final class SharedDecodes {

    /** Shares nothing: every job decodes for itself. */
    public static final SharedDecodes NONE = new SharedDecodes(0, Duration.ZERO);

    private final long maxBytes;
    private final Cache<Key, CompletableFuture<PixelBuffer>> recent;
    private final LongAdder decodes = new LongAdder();
    private final LongAdder joined = new LongAdder();

    /**
     * @param maxBytes pixels held for sharing at most
     * @param window   how long after a decode started others may still use it
     */
    public SharedDecodes(long maxBytes, Duration window) {
        this.maxBytes = maxBytes;
        this.recent = Caffeine.newBuilder()
                .maximumWeight(Math.max(1, maxBytes))
                .weigher((Key k, CompletableFuture<PixelBuffer> v) -> (int) Math.min(Integer.MAX_VALUE, k.estimatedBytes))
                .expireAfterWrite(window.isZero() ? Duration.ofNanos(1) : window)
                .executor(Runnable::run)   // evict on the inserting thread: the bound holds when the put returns
                .build();
    }

    /** The identity of one decode: these very source bytes at the factor the decoder really shrinks by. */
    private record Key(byte[] source, int shrink, long estimatedBytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.source == source && k.shrink == shrink;
        }

        @Override
        public int hashCode() {
            return 31 * System.identityHashCode(source) + shrink;
        }
    }

    /**
     * Decodes {@code source} at {@code shrink}, or takes the pixels of the same decode made (or being made) by
     * another worker. The result is in {@code scratch} either way.
     *
     * @param shrink         the largest factor the decoder may shrink by
     * @param loadShrink     the factor it really shrinks by ({@link Decoder#loadShrink}): decodes with equal factors
     *                       give equal pixels, so they are one decode
     * @param estimatedBytes an upper bound of the decoded size at {@code loadShrink} (from the header), for the
     *                       memory bound; a decode that comes out larger is handed to the jobs already waiting for
     *                       it but not kept
     */
    PixelBuffer decode(byte[] source, int shrink, int loadShrink, long estimatedBytes, Decoder decoder,
            Scratch scratch) {
        if (maxBytes == 0 || estimatedBytes > maxBytes / 4) {
            decodes.increment();
            return decoder.decode(source, shrink, scratch);
        }
        Key key = new Key(source, loadShrink, estimatedBytes);
        CompletableFuture<PixelBuffer> mine = new CompletableFuture<>();
        CompletableFuture<PixelBuffer> prior = recent.asMap().putIfAbsent(key, mine);
        if (prior == null) {
            decodes.increment();
            try {
                PixelBuffer p = decoder.decode(source, shrink, scratch);
                if (p.byteLength() > estimatedBytes) {
                    recent.asMap().remove(key, mine);   // its weight would understate it
                }
                mine.complete(new PixelBuffer(Arrays.copyOf(p.data(), p.byteLength()), p.width(), p.height(),
                        p.format()));
                return p;
            } catch (RuntimeException | Error e) {
                recent.asMap().remove(key, mine);
                mine.completeExceptionally(e);
                throw e;
            }
        }
        PixelBuffer shared;
        try {
            shared = prior.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;   // the same bytes fail the same way (a corrupt image is a 422 for every size)
            }
            throw e;
        }
        joined.increment();
        byte[] out = scratch.bytes(Scratch.Slot.DECODED, shared.byteLength());
        System.arraycopy(shared.data(), 0, out, 0, shared.byteLength());
        return new PixelBuffer(out, shared.width(), shared.height(), shared.format());
    }

    /** Decodes made (shared or not). */
    public long decodes() {
        return decodes.sum();
    }

    /** Jobs that used another job's decode instead of decoding. */
    public long joined() {
        return joined.sum();
    }
}
