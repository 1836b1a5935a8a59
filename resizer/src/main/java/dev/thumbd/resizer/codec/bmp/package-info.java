/** BMP input through the JDK's ImageIO reader (pure Java). */
@NullMarked
package dev.thumbd.resizer.codec.bmp;

import org.jspecify.annotations.NullMarked;
