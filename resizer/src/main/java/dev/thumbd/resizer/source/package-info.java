/** Reading originals: from the object store or an allow-listed URL, bounded in size, coalesced while in flight. */
@NullMarked
package dev.thumbd.resizer.source;

import org.jspecify.annotations.NullMarked;
