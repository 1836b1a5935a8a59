/** Post-resize filters: Gaussian blur (through the resampler's separable passes) and unsharp-mask sharpening. */
@NullMarked
package dev.thumbd.resizer.filter;

import org.jspecify.annotations.NullMarked;
