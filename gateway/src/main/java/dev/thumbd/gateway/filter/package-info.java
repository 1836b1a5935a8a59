/** Part of the thumbd gateway. */
@NullMarked
package dev.thumbd.gateway.filter;

import org.jspecify.annotations.NullMarked;
