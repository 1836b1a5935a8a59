/**
 * Object keys: the one validator that decides which {@code src} values and upload names may name an object in a
 * store. Storage and the gateway both call it, so a key accepted at the edge is the key the store sees. And the write
 * generations of originals ({@code OriginalGenerations}), which the resizer's and the gateway's caches check so they
 * never keep what was made from an original that changed meanwhile.
 */
@NullMarked
package dev.thumbd.key;

import org.jspecify.annotations.NullMarked;
