/** Part of the thumbd gateway. */
@NullMarked
package dev.thumbd.gateway.config;

import org.jspecify.annotations.NullMarked;
