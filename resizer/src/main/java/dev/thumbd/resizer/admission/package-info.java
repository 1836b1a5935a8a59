/** Admission control: the bounded pool of CPU workers that decode, resize and encode, and its load shedding. */
@NullMarked
package dev.thumbd.resizer.admission;

import org.jspecify.annotations.NullMarked;
