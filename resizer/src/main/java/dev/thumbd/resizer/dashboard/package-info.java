/**
 * The built-in operator page {@code /admin/dashboard}: request and error rates per window taken from the service's
 * own meters, the stage heat map from the bottleneck finder's windows, and the degradation level, as one JSON
 * document the page polls.
 */
@NullMarked
package dev.thumbd.resizer.dashboard;

import org.jspecify.annotations.NullMarked;
