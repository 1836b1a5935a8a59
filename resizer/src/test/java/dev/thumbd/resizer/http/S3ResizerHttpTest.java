package dev.thumbd.resizer.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.storage.ObjectStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP contract against an S3 protocol server (S3Proxy in this JVM), configured only through properties, with
 * the L3 derivative cache on and the disk cache off.
 */
class S3ResizerHttpTest extends ResizerHttpContract {

    private static final String ACCESS_KEY = "thumbd-it";
    private static final String SECRET_KEY = "thumbd-it-secret";

    @TempDir
    static Path dir;
    private static S3Proxy proxy;
    private static ResizerServer server;

    @BeforeAll
    static void start() throws Exception {
        proxy = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        while (!proxy.getState().equals("STARTED")) {
            Thread.sleep(10);
        }
        server = ResizerServer.start(Map.of(
                "thumbd.store.type", "s3",
                "thumbd.store.s3.bucket", "originals",
                "thumbd.store.s3.endpoint", "http://127.0.0.1:" + proxy.getPort(),
                "thumbd.store.s3.path-style", "true",
                "thumbd.store.s3.access-key-id", ACCESS_KEY,
                "thumbd.store.s3.secret-access-key", SECRET_KEY,
                "thumbd.store.s3.create-bucket", "true",
                "thumbd.cache.disk.enabled", "false",
                "thumbd.cache.derivatives.enabled", "true"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        proxy.stop();
    }

    @Override
    ResizerServer server() {
        return server;
    }

    @Test
    void thumbnailsAreSharedThroughTheStore() {
        server.seed("shared/j1.jpg", "photo-600x450.jpg");
        var first = server.get("/v1/resize?src=shared/j1.jpg&w=90&fmt=webp");
        assertThat(first.statusCode()).isEqualTo(200);
        ObjectStore store = server.bean(ObjectStore.class);
        // the derivative is written in the background: wait for it to appear (bounded), no timing asserted
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long stored = 0;
        while (stored == 0 && System.nanoTime() < deadline) {
            stored = store.list("_derivatives/").count().block(Duration.ofSeconds(30));
        }
        assertThat(stored).isGreaterThanOrEqualTo(1);
        assertProblem(put("/v1/images/_derivatives/x.jpg", new byte[] {1}, "Authorization", TOKEN), 400,
                "invalid-parameter");
    }
}
