/** AVIF through libavif 0.11 over FFM (no pure-Java fallback: without libavif, AVIF is reported unavailable). */
@NullMarked
package dev.thumbd.resizer.codec.avif;

import org.jspecify.annotations.NullMarked;
