/**
 * The resizer's use cases, independent of HTTP: render a thumbnail through the cache levels, single-flight and the
 * worker pool; describe an original; store and delete originals with the purge of their derivatives.
 */
@NullMarked
package dev.thumbd.resizer.service;

import org.jspecify.annotations.NullMarked;
