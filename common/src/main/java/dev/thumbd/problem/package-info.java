/** The RFC 9457 problem catalogue shared by gateway and resizer, and the exception that carries one. */
@NullMarked
package dev.thumbd.problem;

import org.jspecify.annotations.NullMarked;
