/** GIF input (first frame) through the JDK's reader. */
@NullMarked
package dev.thumbd.resizer.codec.gif;

import org.jspecify.annotations.NullMarked;
