/** TIFF input through the TwelveMonkeys ImageIO reader (pure Java): the first page only. */
@NullMarked
package dev.thumbd.resizer.codec.tiff;

import org.jspecify.annotations.NullMarked;
