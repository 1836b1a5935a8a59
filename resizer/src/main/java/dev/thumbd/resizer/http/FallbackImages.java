package dev.thumbd.resizer.http;

import dev.thumbd.key.ObjectKey;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Images served in place of a missing original, by key prefix ({@code thumbd.fallback.images.<prefix>=<key>}; none
 * by default): a request for {@code avatars/ann.jpg} whose original is not stored is answered with the same thumbnail
 * of {@code defaults/avatar.png}. The longest matching prefix wins; a fallback is never the fallback of itself.
 */
public final class FallbackImages {

    /** None: every missing original is a 404. */
    public static final FallbackImages NONE = new FallbackImages(Map.of());

    /** The response header that names the image served in place of the missing one. */
    public static final String HEADER = "X-Thumbd-Fallback";

    private final TreeMap<String, String> byPrefix = new TreeMap<>();

    /** @throws IllegalArgumentException when a fallback is not a valid object key (at start, not per request) */
    public FallbackImages(Map<String, String> byPrefix) {
        byPrefix.forEach((prefix, key) -> this.byPrefix.put(prefix, ObjectKey.parse(key).value()));
    }

    /** The fallback of a missing original {@code source}, if one is configured for its prefix. */
    public Optional<String> forSource(String source) {
        for (var e = byPrefix.floorEntry(source); e != null; e = byPrefix.lowerEntry(e.getKey())) {
            if (source.startsWith(e.getKey())) {
                return e.getValue().equals(source) ? Optional.empty() : Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    public boolean isEmpty() {
        return byPrefix.isEmpty();
    }
}
