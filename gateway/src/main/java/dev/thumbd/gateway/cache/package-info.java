/** The gateway's own cache of hot thumbnails, in front of the call to a resizer. */
@NullMarked
package dev.thumbd.gateway.cache;

import org.jspecify.annotations.NullMarked;
