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
     * A WebP served in place of a negotiated AVIF that was not ready while the workers were busy (the AVIF is being
     * made in the background). Sent with a short {@code max-age}, so the next request gets the AVIF.
     */
    record Substitute(Rendition webp) implements Rendition {
        @Override
        public ImageFormat format() {
            return webp.format();
        }

        @Override
        public String etag() {
            return webp.etag();
        }

        @Override
        public long length() {
            return webp.length();
        }

        @Override
        public CacheLevel level() {
            return webp.level();
        }

        @Override
        public long nanos() {
            return webp.nanos();
        }
    }
}
