package dev.thumbd.resizer.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.thumbd.resizer.cache.VariantKey;
import dev.thumbd.spec.SpecParser;
import dev.thumbd.spec.ParsedQuery;
import dev.thumbd.spec.SigningParameters;
import dev.thumbd.spec.ThumbnailSpec;

/**
 * Raw query to parsed spec, its fingerprint and its surrogate key, memoised: a CDN origin sees the same few URLs again
 * and again, and parsing, canonicalising and hashing a query costs more than serving its thumbnail from memory.
 *
 * <p>Only valid queries are kept (a bad one throws, as from the parser, every time). The memo is bounded in bytes
 * (queries are counted at two bytes a character plus a fixed overhead), so random query strings cannot grow it.
 */
final class ResolvedSpecs {

    /** A parsed query with the values derived from it that every response needs. */
    record Resolved(ThumbnailSpec spec, String fingerprintHex, String surrogateKey, SigningParameters signing) {
    }

    private static final int ENTRY_OVERHEAD = 640;

    private final SpecParser parser;
    private final Cache<String, Resolved> memo;

    ResolvedSpecs(SpecParser parser, long maxBytes) {
        this.parser = parser;
        this.memo = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String query, Resolved r) -> ENTRY_OVERHEAD + 2 * query.length())
                .build();
    }

    /** @throws dev.thumbd.spec.InvalidParameterException as {@link SpecParser#parse(String)} */
    Resolved resolve(String rawQuery) {
        Resolved r = memo.getIfPresent(rawQuery);
        if (r == null) {
            r = parse(rawQuery);
            memo.put(rawQuery, r);
        }
        return r;
    }

    /** Entries held now, after pending evictions (for tests and diagnostics). */
    long size() {
        memo.cleanUp();
        return memo.estimatedSize();
    }

    private Resolved parse(String rawQuery) {
        ParsedQuery parsed = parser.parse(rawQuery);
        ThumbnailSpec spec = parsed.spec();
        return new Resolved(spec, spec.fingerprint().hex(), surrogateKeys(spec), parsed.signing());
    }

    /**
     * The surrogate keys of a thumbnail: its original's, and its overlay's when it has one ({@code wm}), separated
     * by a space as {@code Surrogate-Key} takes them, so a write of either purges it from a CDN.
     */
    static String surrogateKeys(ThumbnailSpec spec) {
        String keys = surrogateKey(spec.source());
        return spec.overlays() ? keys + " " + surrogateKey(spec.watermark().key()) : keys;
    }

    /** {@code src-} and the first 32 hex digits of the SHA-256 of {@code src}: safe in any header, stable. */
    static String surrogateKey(String source) {
        return "src-" + VariantKey.sourceId(source).substring(0, 32);
    }
}
