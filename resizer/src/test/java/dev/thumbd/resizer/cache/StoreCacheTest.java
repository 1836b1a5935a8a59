package dev.thumbd.resizer.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.spec.ImageFormat;
import dev.thumbd.storage.fs.FileSystemObjectStore;
import dev.thumbd.storage.fs.FileSystemStorageProperties;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreCacheTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path root;

    @Test
    void variantsRoundTripThroughTheStoreAndPurgeBySource() {
        FileSystemObjectStore store = new FileSystemObjectStore(FileSystemStorageProperties.of(root));
        StoreCache cache = new StoreCache(store, "_derivatives/", 1 << 20);
        VariantKey a = VariantKey.of("photos/a.jpg", "aa".repeat(32), "auto-webp");
        VariantKey b = VariantKey.of("photos/b.jpg", "bb".repeat(32), "jpeg");
        byte[] data = {1, 2, 3, '\n', 5};
        assertThat(cache.get(a).blockOptional(WAIT)).isEmpty();
        cache.put(a, new Variant(data, ImageFormat.WEBP, "\"tag-A\"", 30, 20)).block(WAIT);
        cache.put(b, new Variant(data, ImageFormat.JPEG, "\"tag-B\"", 30, 20)).block(WAIT);
        Variant read = cache.get(a).block(WAIT);
        assertThat(read.data()).containsExactly(data);
        assertThat(read.format()).isEqualTo(ImageFormat.WEBP);
        assertThat(read.etag()).isEqualTo("\"tag-A\"");
        assertThat(read.width()).isEqualTo(30);
        assertThat(cache.purge("photos/a.jpg").block(WAIT)).isEqualTo(1);
        assertThat(cache.get(a).blockOptional(WAIT)).isEmpty();
        assertThat(cache.get(b).blockOptional(WAIT)).isPresent();
    }

    @Test
    void anObjectThatIsNotAVariantIsAMiss() {
        assertThat(StoreCache.decode("GIF89a...".getBytes())).isEmpty();
        assertThat(StoreCache.decode("thumbd-variant fmt=gif etag=x w=1 h=1\nzz".getBytes())).isEmpty();
        assertThat(StoreCache.decode("thumbd-variant fmt=png etag=x w=1 h=1\nzz".getBytes())).isPresent();
    }
}
