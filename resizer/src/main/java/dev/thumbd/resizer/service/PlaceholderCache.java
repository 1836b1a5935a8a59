package dev.thumbd.resizer.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.thumbd.resizer.placeholder.Placeholder;
import dev.thumbd.spec.Crop;
import dev.thumbd.spec.ThumbnailSpec;
import java.util.Optional;

/**
 * The placeholders made for {@code /v1/info} and {@code /v1/srcset} ({@code placeholder=true}), so that asking
 * again decodes nothing. An entry is keyed by the original's key, its version (the content hash of the bytes it was
 * made from) and what of the request shapes a placeholder (crop, turn, frame): a changed original has another
 * version and never meets the old entry, and a purge (overwrite, delete, purge request) drops every entry of its key
 * at once. At most {@value #MAX_ENTRIES} entries of about 150 bytes each (a ThumbHash is under 30), least recently
 * used first out: about 1.5 MiB at most, within the memory model's framework share ({@code thumbd.memory.framework}) as
 * the refusals remembered are.
 */
final class PlaceholderCache {

    /** The most placeholders kept. */
    static final int MAX_ENTRIES = 10_000;

    /** What one placeholder was made from. */
    record Key(String source, String version, Crop crop, int rotate, boolean flop, int frame) {
        static Key of(ThumbnailSpec of, String version) {
            return new Key(of.source(), version, of.crop(), of.rotate(), of.flop(), of.frame());
        }
    }

    private final Cache<Key, Placeholder> entries = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).build();

    Optional<Placeholder> get(Key key) {
        return Optional.ofNullable(entries.getIfPresent(key));
    }

    void put(Key key, Placeholder placeholder) {
        entries.put(key, placeholder);
    }

    /** Forgets every placeholder of the original {@code source}. */
    void purge(String source) {
        entries.asMap().keySet().removeIf(k -> k.source().equals(source));
    }

    long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }
}
