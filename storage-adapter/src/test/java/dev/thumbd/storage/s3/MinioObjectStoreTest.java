package dev.thumbd.storage.s3;

import dev.thumbd.storage.ObjectStore;
import dev.thumbd.storage.ObjectStoreContractTest;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The contract against a real MinIO server in a container; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class MinioObjectStoreTest extends ObjectStoreContractTest {
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    @Container
    static final MinIOContainer MINIO = new MinIOContainer("minio/minio:RELEASE.2025-04-22T22-12-26Z");

    private S3ObjectStore store;

    @BeforeEach
    void openStore() {
        S3StorageProperties properties = S3StorageProperties.defaults("bucket-" + BUCKETS.incrementAndGet())
                .withEndpoint(URI.create(MINIO.getS3URL()), MINIO.getUserName(), MINIO.getPassword());
        store = new S3ObjectStore(properties);
        store.createBucketIfMissing().block(WAIT);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Override
    protected ObjectStore store() {
        return store;
    }
}
