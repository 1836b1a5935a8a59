/** The degradation ladder: levels, the controller that sets them, and what each level switches off. */
@NullMarked
package dev.thumbd.resizer.degradation;

import org.jspecify.annotations.NullMarked;
