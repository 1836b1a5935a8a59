package dev.thumbd.storage.s3;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Settings of the {@link S3ObjectStore}. Defaults are given by {@link #defaults(String)}.
 *
 * @param bucket             the bucket holding the objects (required)
 * @param region             signing region; default {@code us-east-1} (MinIO and S3Proxy accept any)
 * @param endpoint           endpoint override for S3-compatible servers, e.g. {@code http://127.0.0.1:9000}; null for
 *                           AWS
 * @param pathStyle          path-style addressing ({@code endpoint/bucket/key}), needed by MinIO; default false
 * @param accessKeyId        static access key; null (with {@code secretAccessKey}) to use the SDK's default
 *                           credentials chain (environment, profile, container or instance role)
 * @param secretAccessKey    static secret key, or null
 * @param multipartThreshold bodies larger than this many bytes go up as a multipart upload; default 8 MiB
 * @param partSize           multipart part size in bytes (S3's minimum is 5 MiB); default 8 MiB
 * @param timeouts           connect, call and upload time limits
 * @param resilience         retry and circuit breaker settings
 */
public record S3StorageProperties(String bucket, String region, @Nullable URI endpoint, boolean pathStyle,
                                  @Nullable String accessKeyId, @Nullable String secretAccessKey,
                                  long multipartThreshold, long partSize, Timeouts timeouts,
                                  Resilience resilience) {
    /** 8 MiB, the AWS SDK's own default part size. */
    public static final long DEFAULT_PART_SIZE = 8L * 1024 * 1024;
    /** S3's smallest part (except the last): 5 MiB. */
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;

    public S3StorageProperties {
        if (bucket.isBlank()) {
            throw new IllegalArgumentException("bucket is required");
        }
        Objects.requireNonNull(region);
        if ((accessKeyId == null) != (secretAccessKey == null)) {
            throw new IllegalArgumentException("give both accessKeyId and secretAccessKey, or neither");
        }
        if (partSize < MIN_PART_SIZE || multipartThreshold < MIN_PART_SIZE) {
            throw new IllegalArgumentException("partSize and multipartThreshold must be at least 5 MiB");
        }
        Objects.requireNonNull(timeouts);
        Objects.requireNonNull(resilience);
    }

    /** Defaults for AWS S3 and {@code bucket}, credentials from the default chain. */
    public static S3StorageProperties defaults(String bucket) {
        return new S3StorageProperties(bucket, "us-east-1", null, false, null, null, DEFAULT_PART_SIZE,
                DEFAULT_PART_SIZE, Timeouts.DEFAULTS, Resilience.DEFAULTS);
    }

    /** The same settings against an S3-compatible server with static keys and path-style addressing. */
    public S3StorageProperties withEndpoint(URI newEndpoint, String keyId, String secret) {
        return new S3StorageProperties(bucket, region, newEndpoint, true, keyId, secret, multipartThreshold,
                partSize, timeouts, resilience);
    }

    public S3StorageProperties withTimeouts(Timeouts newTimeouts) {
        return new S3StorageProperties(bucket, region, endpoint, pathStyle, accessKeyId, secretAccessKey,
                multipartThreshold, partSize, newTimeouts, resilience);
    }

    public S3StorageProperties withResilience(Resilience newResilience) {
        return new S3StorageProperties(bucket, region, endpoint, pathStyle, accessKeyId, secretAccessKey,
                multipartThreshold, partSize, timeouts, newResilience);
    }

    /**
     * Time limits.
     *
     * @param connect TCP connect timeout; default 2 s
     * @param call    limit for a metadata call, or for a get until its response headers arrive; default 10 s. Also
     *                the idle read timeout of a connection
     * @param upload  limit for a whole put; default 5 min
     */
    public record Timeouts(Duration connect, Duration call, Duration upload) {
        public static final Timeouts DEFAULTS = new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(10),
                Duration.ofMinutes(5));

        public Timeouts {
            for (Duration d : new Duration[] {connect, call, upload}) {
                if (d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("timeouts must be positive");
                }
            }
        }
    }

    /**
     * Retry (idempotent calls only: head, get, delete, list; never a put, whose body cannot be replayed) and circuit
     * breaker settings.
     *
     * @param maxAttempts          attempts per call including the first; default 3
     * @param retryBackoff         first backoff, doubled per attempt, with ±50 % jitter; default 100 ms
     * @param failureRateThreshold percentage of failed calls in the window that opens the breaker; default 50
     * @param slidingWindowSize    number of recent calls the breaker looks at; default 20
     * @param minimumCalls         calls needed before the rate is judged; default 10
     * @param openWait             how long the breaker stays open before letting trial calls through; default 30 s
     */
    public record Resilience(int maxAttempts, Duration retryBackoff, float failureRateThreshold,
                             int slidingWindowSize, int minimumCalls, Duration openWait) {
        public static final Resilience DEFAULTS = new Resilience(3, Duration.ofMillis(100), 50f, 20, 10,
                Duration.ofSeconds(30));

        public Resilience {
            if (maxAttempts < 1 || slidingWindowSize < 1 || minimumCalls < 1) {
                throw new IllegalArgumentException("maxAttempts, slidingWindowSize and minimumCalls must be >= 1");
            }
            if (failureRateThreshold <= 0 || failureRateThreshold > 100) {
                throw new IllegalArgumentException("failureRateThreshold must be in (0, 100]");
            }
        }
    }
}
