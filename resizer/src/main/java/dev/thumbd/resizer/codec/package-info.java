/** Decoders and encoders per format: one FFM binding class per native library, pure-Java fallbacks, and the report of which path serves each format. */
@NullMarked
package dev.thumbd.resizer.codec;

import org.jspecify.annotations.NullMarked;
