package dev.thumbd.storage.s3;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;
import software.amazon.awssdk.services.s3.multipart.MultipartConfiguration;

/**
 * The two SDK clients the store needs, sharing one Netty HTTP client: a plain one for reads, and one with the SDK's
 * multipart support for puts. Reads must not go through the multipart client: its GetObject asks for
 * {@code partNumber}, which some S3-compatible servers (S3Proxy) refuse with 501.
 */
record S3Clients(SdkAsyncHttpClient http, S3AsyncClient plain, S3AsyncClient multipart) implements AutoCloseable {

    static S3Clients create(S3StorageProperties properties) {
        SdkAsyncHttpClient http = NettyNioAsyncHttpClient.builder()
                .connectionTimeout(properties.timeouts().connect())
                .readTimeout(properties.timeouts().call())
                .writeTimeout(properties.timeouts().call())
                .maxConcurrency(64)
                .build();
        S3AsyncClient plain = builder(properties, http).build();
        S3AsyncClient multipart = builder(properties, http)
                .multipartEnabled(true)
                .multipartConfiguration(MultipartConfiguration.builder()
                        .thresholdInBytes(properties.multipartThreshold())
                        .minimumPartSizeInBytes(properties.partSize())
                        .build())
                .build();
        return new S3Clients(http, plain, multipart);
    }

    private static S3AsyncClientBuilder builder(S3StorageProperties properties, SdkAsyncHttpClient http) {
        S3AsyncClientBuilder builder = S3AsyncClient.builder()
                .httpClient(http)
                .region(Region.of(properties.region()))
                .credentialsProvider(credentials(properties))
                .forcePathStyle(properties.pathStyle())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));
        if (properties.endpoint() != null) {
            builder.endpointOverride(properties.endpoint());
        }
        return builder;
    }

    private static AwsCredentialsProvider credentials(S3StorageProperties properties) {
        if (properties.accessKeyId() != null && properties.secretAccessKey() != null) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(properties.accessKeyId(), properties.secretAccessKey()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    @Override
    public void close() {
        multipart.close();
        plain.close();
        http.close();
    }
}
