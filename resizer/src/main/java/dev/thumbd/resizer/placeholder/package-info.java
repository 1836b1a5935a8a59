/** Placeholders (ThumbHash and the dominant colour) made from the smallest decode of an original. */
@NullMarked
package dev.thumbd.resizer.placeholder;

import org.jspecify.annotations.NullMarked;
