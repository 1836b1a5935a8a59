/** Colour to sRGB: CMYK through its profile or the subtractive formula, embedded RGB profiles converted. */
@NullMarked
package dev.thumbd.resizer.colour;

import org.jspecify.annotations.NullMarked;
