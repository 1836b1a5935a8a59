/** Checking an upload while it streams: the header is probed before the store sees the rest of the body. */
@NullMarked
package dev.thumbd.resizer.upload;

import org.jspecify.annotations.NullMarked;
