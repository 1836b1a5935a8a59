/** Reading format, size, orientation, alpha and colour facts from the header of an encoded image, and the limits enforced before any pixel is decoded. */
@NullMarked
package dev.thumbd.resizer.probe;

import org.jspecify.annotations.NullMarked;
