/**
 * Fetching {@code src=https://...} originals from allow-listed hosts, guarded against server-side request forgery:
 * every hop's address is resolved and checked, and the connection goes to exactly that address.
 */
@NullMarked
package dev.thumbd.storage.remote;

import org.jspecify.annotations.NullMarked;
