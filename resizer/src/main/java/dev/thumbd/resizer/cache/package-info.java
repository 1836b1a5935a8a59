/**
 * The three cache levels for encoded thumbnails: L1 in memory ({@link dev.thumbd.resizer.cache.MemoryCache}), L2 on
 * local disk ({@link dev.thumbd.resizer.cache.DiskCache}), L3 in the object store
 * ({@link dev.thumbd.resizer.cache.StoreCache}), and {@link dev.thumbd.resizer.cache.InFlight}, which makes
 * concurrent misses for one key share one computation.
 */
@NullMarked
package dev.thumbd.resizer.cache;

import org.jspecify.annotations.NullMarked;
