/** The gateway's meter names. */
@NullMarked
package dev.thumbd.gateway.metrics;

import org.jspecify.annotations.NullMarked;
