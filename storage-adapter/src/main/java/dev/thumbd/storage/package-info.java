/**
 * The object store port: {@link dev.thumbd.storage.ObjectStore} reads originals and writes uploads and derivatives,
 * reactively and without a Spring context. Adapters live in sub-packages ({@code fs}, {@code s3}); failures are
 * {@link dev.thumbd.problem.ProblemException}s, mostly {@link dev.thumbd.storage.StorageException}s, so that the
 * service renders them as RFC 9457 problems without knowing which adapter is configured.
 */
@NullMarked
package dev.thumbd.storage;

import org.jspecify.annotations.NullMarked;
