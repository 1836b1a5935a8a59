/** Geometric steps on pixels: orientation, smart crop placement, and framing (crop, pad, flatten). */
@NullMarked
package dev.thumbd.resizer.transform;

import org.jspecify.annotations.NullMarked;
