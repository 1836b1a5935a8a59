/** Part of the thumbd gateway. */
@NullMarked
package dev.thumbd.gateway.problem;

import org.jspecify.annotations.NullMarked;
