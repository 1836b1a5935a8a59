/** WebP: libwebp over FFM (simple API), TwelveMonkeys for animations and as the pure-Java reader. */
@NullMarked
package dev.thumbd.resizer.codec.webp;

import org.jspecify.annotations.NullMarked;
