/** HTTP semantics both services apply the same way: conditional requests. */
@NullMarked
package dev.thumbd.http;

import org.jspecify.annotations.NullMarked;
