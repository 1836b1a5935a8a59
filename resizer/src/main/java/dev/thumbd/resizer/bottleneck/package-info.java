/** Rolling per-stage statistics and the bottleneck finder behind {@code /admin/bottlenecks}. */
@NullMarked
package dev.thumbd.resizer.bottleneck;

import org.jspecify.annotations.NullMarked;
