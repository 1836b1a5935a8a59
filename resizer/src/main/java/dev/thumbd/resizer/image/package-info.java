/** Pixel buffers and the thread-confined scratch memory every pipeline step draws from. */
@NullMarked
package dev.thumbd.resizer.image;

import org.jspecify.annotations.NullMarked;
