/** Part of the thumbd gateway. */
@NullMarked
package dev.thumbd.gateway.ratelimit;

import org.jspecify.annotations.NullMarked;
