/** The thumbd gateway on Spring Cloud Gateway. */
@NullMarked
package dev.thumbd.gateway;

import org.jspecify.annotations.NullMarked;
