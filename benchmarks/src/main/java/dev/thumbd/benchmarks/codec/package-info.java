/** JMH benchmarks of the JPEG and PNG codecs: native (FFM) against the ImageIO fallbacks, on corpus images. */
@NullMarked
package dev.thumbd.benchmarks.codec;

import org.jspecify.annotations.NullMarked;
