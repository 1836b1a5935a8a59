/** Spring wiring of the resizer service: typed properties ({@code thumbd.*}) and one configuration class per concern. */
@NullMarked
package dev.thumbd.resizer.config;

import org.jspecify.annotations.NullMarked;
