/**
 * JPEG decoding and encoding: the native path over FFM (libjpeg-turbo's TurboJPEG API), and a pure-Java ImageIO
 * fallback for hosts without the library. Only error-returning native entry points are bound.
 */
@NullMarked
package dev.thumbd.resizer.codec.jpeg;

import org.jspecify.annotations.NullMarked;
