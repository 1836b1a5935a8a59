/**
 * The embedded default store: objects as files under one root directory, each with a metadata sidecar.
 *
 * <p>Layout under the root: {@code <key>} is the object's bytes (so a root can be filled by copying files in),
 * {@code .thumbd/meta/<key>} its sidecar, and {@code .thumbd-tmp-*} files are uploads in progress. Segment names
 * starting with {@code .thumbd} are reserved and refused as keys.
 */
@NullMarked
package dev.thumbd.storage.fs;

import org.jspecify.annotations.NullMarked;
