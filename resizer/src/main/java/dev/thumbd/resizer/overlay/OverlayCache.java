package dev.thumbd.resizer.overlay;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Optional;

/**
 * Decoded overlays by key and version, bounded by the bytes they hold (as the colour profiles are): a logo laid over
 * every thumbnail is decoded once. The last version seen of each key is kept beside them, so a request can name the
 * version its thumbnail is made with (and cached under) without asking the store; a write of the key forgets both
 * ({@link #forget}), after which the store is asked again.
 */
public final class OverlayCache {

    /** What a cache of no bytes holds: nothing, every render decodes its overlay. */
    public static final long NONE = 0;

    private final Cache<String, DecodedOverlay> decoded;
    /** The latest version seen of each key: a few thousand keys at most (overlays are a handful of logos). */
    private final Cache<String, String> versions = Caffeine.newBuilder().maximumSize(10_000).build();
    private final long maxBytes;

    /** @param maxBytes the most bytes of decoded overlays kept ({@code thumbd.memory.overlays}) */
    public OverlayCache(long maxBytes) {
        this.maxBytes = maxBytes;
        this.decoded = Caffeine.newBuilder().maximumWeight(maxBytes)
                .weigher((String k, DecodedOverlay o) -> (int) Math.min(Integer.MAX_VALUE, o.bytes())).build();
    }

    /** The decoded overlay of {@code key} at {@code version}, if kept. */
    public Optional<DecodedOverlay> get(String key, String version) {
        return Optional.ofNullable(decoded.getIfPresent(id(key, version)));
    }

    /** Keeps a decoded overlay (and its version as the key's latest). */
    public void put(DecodedOverlay o) {
        versions.put(o.key(), o.version());
        if (o.bytes() <= maxBytes) {
            decoded.put(id(o.key(), o.version()), o);
        }
    }

    /** The version of {@code key} last seen, if any since it was last written. */
    public Optional<String> version(String key) {
        return Optional.ofNullable(versions.getIfPresent(key));
    }

    /** Records the version of {@code key} read from the store. */
    public void version(String key, String version) {
        versions.put(key, version);
    }

    /** {@code key} was written or deleted: its versions and pixels are forgotten. */
    public void forget(String key) {
        versions.invalidate(key);
        decoded.asMap().keySet().removeIf(id -> id.startsWith(key + '\u0000'));
    }

    /** Bytes held now (approximately: Caffeine evicts asynchronously). */
    public long bytes() {
        return decoded.asMap().values().stream().mapToLong(DecodedOverlay::bytes).sum();
    }

    private static String id(String key, String version) {
        return key + '\u0000' + version;
    }
}
