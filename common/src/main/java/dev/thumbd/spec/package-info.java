/** The transform spec both services share: parameters, validation, canonical form and fingerprint. */
@NullMarked
package dev.thumbd.spec;

import org.jspecify.annotations.NullMarked;
