/**
 * The S3 adapter: AWS SDK v2 {@code S3AsyncClient} on Netty, for AWS S3 and S3-compatible servers (MinIO, S3Proxy),
 * guarded by a Resilience4j circuit breaker, time limits and a bounded, jittered retry.
 */
@NullMarked
package dev.thumbd.storage.s3;

import org.jspecify.annotations.NullMarked;
