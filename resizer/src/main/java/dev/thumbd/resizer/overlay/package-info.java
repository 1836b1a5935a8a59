/**
 * Overlays ({@code wm}): an image from the store, decoded once into premultiplied RGBA ({@link OverlayDecoder},
 * bounded from its header by {@code thumbd.limits.max-overlay-pixels}) and kept by key and version in a cache bounded
 * by bytes ({@link OverlayCache}); what a render is given ({@link OverlayInput}).
 */
@NullMarked
package dev.thumbd.resizer.overlay;

import org.jspecify.annotations.NullMarked;
