/** The resizer's meters, named in one place ({@link dev.thumbd.resizer.metrics.ResizerMetrics}). */
@NullMarked
package dev.thumbd.resizer.metrics;

import org.jspecify.annotations.NullMarked;
