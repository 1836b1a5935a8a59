package dev.thumbd.resizer.source;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.thumbd.key.ObjectKey;
import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.cache.InFlight;
import dev.thumbd.storage.ObjectMetadata;
import dev.thumbd.storage.ObjectStore;
import dev.thumbd.storage.StoredObject;
import dev.thumbd.storage.remote.RemoteObject;
import dev.thumbd.storage.remote.RemoteSource;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads originals into memory, refusing any over {@code maxBytes} before reading them (413).
 *
 * <p>Source coalescing, in three layers: requests that need the same original while a read of it is in flight share
 * that read; while any request still holds an original's bytes (waiting for a worker, or being decoded), a new
 * request for it shares those bytes instead of reading a second copy (weakly referenced: this keeps nothing alive, it
 * only bounds heap under load to one copy per original); and a small byte-bounded cache keeps recently read originals
 * for a few seconds, so the burst of sizes a page asks for at once ({@code srcset}) reads each original once. Uploads
 * and deletes {@link #forget} an original in all three.
 */
public final class SourceLoader {

    private final ObjectStore store;
    private final RemoteSource remote;
    private final long maxBytes;
    private final InFlight<String, SourceImage> inFlight = new InFlight<>();
    private final Cache<String, SourceImage> recent;
    private final Cache<String, SourceImage> live = Caffeine.newBuilder().weakValues().build();
    private final HeldOriginals held;

    /**
     * @param store       originals by key
     * @param remote      originals by URL (when enabled)
     * @param maxBytes    largest original accepted
     * @param recentBytes bytes of recently read originals kept; 0 keeps none
     * @param recentTtl   how long a recently read original is reused
     * @param held        the bytes of originals requests may hold while they are read, queued and rendered
     *                    ({@link #hold}); a read from the store that does not fit is refused with 503 before it
     *                    allocates (an original by URL is counted once fetched: the remote source bounds its size)
     */
    public SourceLoader(ObjectStore store, RemoteSource remote, long maxBytes, long recentBytes, Duration recentTtl,
            HeldOriginals held) {
        this.held = held;
        this.store = store;
        this.remote = remote;
        this.maxBytes = maxBytes;
        this.recent = Caffeine.newBuilder()
                .maximumWeight(recentBytes)
                .weigher((String k, SourceImage v) -> v.bytes().length)
                .expireAfterWrite(recentTtl)
                .build();
    }

    /** The original named by {@code src}. */
    public Mono<SourceImage> load(String src) {
        return Mono.defer(() -> {
            SourceImage hit = recent.getIfPresent(src);
            if (hit == null) {
                hit = live.getIfPresent(src);
            }
            if (hit != null) {
                return Mono.just(hit);
            }
            return inFlight.get(src, () -> read(src).doOnNext(img -> {
                live.put(src, img);
                recent.put(src, img);
            }));
        });
    }

    /**
     * The version of the original named by {@code src} without reading its bytes: the copy held in memory, else the
     * store's metadata (a HEAD). Empty for an original fetched by URL (its version is only known by fetching it) and
     * when the store cannot say (missing, unreachable): the caller then takes the ordinary path, which reports that.
     */
    public Mono<String> version(String src) {
        return Mono.defer(() -> {
            SourceImage held = recent.getIfPresent(src);
            if (held == null) {
                held = live.getIfPresent(src);
            }
            if (held != null) {
                return Mono.just(held.version());
            }
            if (RemoteSource.isUrl(src)) {
                return Mono.empty();
            }
            return store.head(ObjectKey.of(src)).map(ObjectMetadata::etag).onErrorResume(e -> Mono.empty());
        });
    }

    /**
     * The original named by {@code src}, held for one request until it calls {@link Held#letGo()}: its bytes count
     * against the originals all requests may hold ({@link HeldOriginals}); what does not fit is refused with 503
     * {@code overloaded} before it is read.
     */
    public Mono<Held> hold(String src) {
        return load(src).flatMap(img -> held.hold(img) ? Mono.just(new Held(img, held))
                : Mono.error(overloaded(img.bytes().length)));
    }

    /** An original one request holds; {@link #letGo()} once it is done with it (a second call does nothing). */
    public static final class Held {
        private final SourceImage image;
        private final HeldOriginals by;
        private final java.util.concurrent.atomic.AtomicBoolean open = new java.util.concurrent.atomic.AtomicBoolean(true);

        Held(SourceImage image, HeldOriginals by) {
            this.image = image;
            this.by = by;
        }

        public SourceImage image() {
            return image;
        }

        public void letGo() {
            if (open.compareAndSet(true, false)) {
                by.letGo(image);
            }
        }
    }

    /** The bytes of originals requests hold now, and the bound. */
    public HeldOriginals held() {
        return held;
    }

    /** Drops a cached copy of {@code src} (after it was overwritten or deleted). */
    public void forget(String src) {
        recent.invalidate(src);
        live.invalidate(src);
    }

    /** Reads that were started (not joined or served from the recent cache), for tests and metrics. */
    public long reads() {
        return inFlight.started();
    }

    private Mono<SourceImage> read(String src) {
        if (RemoteSource.isUrl(src)) {
            return remote.fetch(src).map(o -> fromRemote(src, o));
        }
        ObjectKey key = ObjectKey.of(src);   // decoded once already (by the query), never again
        return store.get(key).flatMap(o -> fromStore(src, o));
    }

    private Mono<SourceImage> fromStore(String src, StoredObject o) {
        long length = o.metadata().length();
        // refused without reading it: the content stream is cancelled at once, which releases the file or connection
        if (length > maxBytes) {
            return o.content().take(0).then(Mono.error(tooLarge(length)));
        }
        if (!held.reserve(length)) {
            return o.content().take(0).then(Mono.error(overloaded(length)));
        }
        byte[] bytes;
        try {
            bytes = new byte[(int) length];
        } catch (RuntimeException | Error e) {
            held.release(length);
            throw e;
        }
        held.readInto(bytes);
        int[] pos = {0};
        Flux<ByteBuffer> content = o.content();
        return content.doOnNext(buf -> {
            int n = buf.remaining();
            if (pos[0] + n > bytes.length) {
                throw new ProblemException(ProblemType.CORRUPT_IMAGE,
                        "The stored original is longer than its recorded length.");
            }
            buf.get(bytes, pos[0], n);
            pos[0] += n;
        }).then(Mono.fromCallable(() -> {
            if (pos[0] != bytes.length) {
                throw new ProblemException(ProblemType.CORRUPT_IMAGE,
                        "The stored original is shorter than its recorded length.");
            }
            return new SourceImage(src, bytes, o.metadata().etag());
        })).doFinally(signal -> held.readEnded(bytes));
    }

    private ProblemException overloaded(long length) {
        return new ProblemException(ProblemType.OVERLOADED, String.format(java.util.Locale.ROOT,
                "The originals that requests in progress hold (%.0f of %.0f MiB) leave no room for this one "
                        + "(%.1f MiB); retry shortly.", held.used() / 1048576.0, held.capacity() / 1048576.0,
                length / 1048576.0));
    }

    private SourceImage fromRemote(String src, RemoteObject o) {
        ByteBuffer content = o.content();
        byte[] bytes = new byte[content.remaining()];
        content.get(bytes);
        String version = o.etag() != null ? o.etag() : '"' + sha256(bytes) + '"';
        return new SourceImage(src, bytes, version);
    }

    private ProblemException tooLarge(long length) {
        return new ProblemException(ProblemType.SOURCE_TOO_LARGE,
                "The original has " + length + " bytes; this server accepts at most " + maxBytes + ".");
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
