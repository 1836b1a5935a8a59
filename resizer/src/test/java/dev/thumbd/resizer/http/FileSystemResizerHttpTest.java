package dev.thumbd.resizer.http;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP contract with the embedded default: filesystem store, L1 and L2 caches. */
class FileSystemResizerHttpTest extends ResizerHttpContract {

    @TempDir
    static Path dir;
    private static ResizerServer server;

    @BeforeAll
    static void start() {
        server = ResizerServer.start(Map.of(
                "thumbd.store.root", dir.resolve("data").toString(),
                "thumbd.cache.disk.dir", dir.resolve("cache").toString()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Override
    ResizerServer server() {
        return server;
    }
}
