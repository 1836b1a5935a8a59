/** Part of the thumbd gateway. */
@NullMarked
package dev.thumbd.gateway.routing;

import org.jspecify.annotations.NullMarked;
