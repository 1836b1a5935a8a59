package dev.thumbd.resizer.service;

import dev.thumbd.resizer.cache.CacheLevel;
import dev.thumbd.resizer.cache.DiskEntry;
import dev.thumbd.resizer.cache.Variant;
import dev.thumbd.resizer.pipeline.StageTimings;
import dev.thumbd.spec.ImageFormat;
import org.jspecify.annotations.Nullable;

/** A thumbnail ready to send: in memory, or as a file of the disk cache (sent without passing through the heap). */
public sealed interface Rendition {

    ImageFormat format();

    String etag();

    long length();

    /** Which level answered. */
    CacheLevel level();

    /** Nanoseconds spent finding or making it in this request. */
    long nanos();

    /**
     * Null for the thumbnail asked for at full quality; under load, how the answer differs from it
     * ({@code webp-for-avif}, {@code economy}, {@code capped}, {@code nearest}). A degraded answer is sent with a
     * short {@code max-age}, so the real one replaces it soon.
     */
    default @Nullable String degradation() {
        return null;
    }

    /** The stage times when this request made the thumbnail (or waited for it being made), else null. */
    default @Nullable StageTimings stageTimings() {
        return null;
    }

    /** Bytes in memory. */
    record InMemory(Variant variant, CacheLevel level, @Nullable StageTimings timings, long nanos)
            implements Rendition {
        @Override
        public ImageFormat format() {
            return variant.format();
        }

        @Override
        public String etag() {
            return variant.etag();
        }

        @Override
        public long length() {
            return variant.data().length;
        }

        @Override
        public @Nullable String degradation() {
            return variant.degraded();
        }

        @Override
        public @Nullable StageTimings stageTimings() {
            return timings;
        }
    }

    /** A file of the disk cache. */
    record OnDisk(DiskEntry entry, long nanos) implements Rendition {
        @Override
        public ImageFormat format() {
            return entry.format();
        }

        @Override
        public String etag() {
            return entry.etag();
        }

        @Override
        public long length() {
            return entry.length();
        }

        @Override
        public CacheLevel level() {
            return CacheLevel.L2;
        }
    }

    /**
     * Another thumbnail served in place of the one asked for, under load: the WebP variant of a negotiated AVIF that
     * is not ready ({@code webp-for-avif}), or the nearest larger cached width ({@code nearest}).
     *
     * @param served what is sent
     * @param how    why it stands in, as named by {@link #degradation()}
     */
    record Substitute(Rendition served, String how) implements Rendition {
        @Override
        public ImageFormat format() {
            return served.format();
        }

        @Override
        public String etag() {
            return served.etag();
        }

        @Override
        public long length() {
            return served.length();
        }

        @Override
        public CacheLevel level() {
            return served.level();
        }

        @Override
        public long nanos() {
            return served.nanos();
        }

        @Override
        public String degradation() {
            return how;
        }

        @Override
        public @Nullable StageTimings stageTimings() {
            return served.stageTimings();
        }
    }
}
