/**
 * Resampling: {@link dev.thumbd.resizer.kernel.BoxShrink} for the integer bulk of a reduction, then a separable
 * kernel reduce ({@link dev.thumbd.resizer.kernel.Kernel}, Lanczos3 by default) in two twins, the scalar reference
 * and the Vector API version, which agree to the bit. See docs/RESIZE.md.
 */
@NullMarked
package dev.thumbd.resizer.kernel;

import org.jspecify.annotations.NullMarked;
