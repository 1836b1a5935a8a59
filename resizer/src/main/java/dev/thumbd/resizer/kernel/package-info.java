/** Resampling kernels: the scalar reference and its Vector API twin, integer box shrink, kernel weights. See docs/RESIZE.md. */
@NullMarked
package dev.thumbd.resizer.kernel;

import org.jspecify.annotations.NullMarked;
