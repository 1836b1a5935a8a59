/**
 * PNG decoding and encoding: the native path over FFM (libpng's simplified API), and a pure-Java ImageIO
 * fallback for hosts without the library. Only error-returning native entry points are bound.
 */
@NullMarked
package dev.thumbd.resizer.codec.png;

import org.jspecify.annotations.NullMarked;
