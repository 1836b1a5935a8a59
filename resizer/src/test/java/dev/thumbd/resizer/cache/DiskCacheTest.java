package dev.thumbd.resizer.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.spec.ImageFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskCacheTest {

    @TempDir
    Path dir;

    private static Variant variant(int size, byte fill, String etag) {
        byte[] data = new byte[size];
        Arrays.fill(data, fill);
        return new Variant(data, ImageFormat.WEBP, '"' + etag + '"', 300, 200);
    }

    @Test
    void storesReadsAndSurvivesARestart() throws IOException {
        VariantKey key = VariantKey.of("photos/cat.jpg", "ab".repeat(32), "webp");
        DiskCache cache = new DiskCache(dir, 1 << 20, true);
        assertThat(cache.get(key)).isEmpty();
        DiskEntry e = cache.put(key, variant(1000, (byte) 7, "etag-1"));
        assertThat(e.length()).isEqualTo(1000);
        assertThat(cache.read(cache.get(key).orElseThrow()).orElseThrow()).hasSize(1000).containsOnly(7);

        DiskCache reopened = new DiskCache(dir, 1 << 20, true);
        DiskEntry again = reopened.get(key).orElseThrow();
        assertThat(again.etag()).isEqualTo("\"etag-1\"");
        assertThat(again.format()).isEqualTo(ImageFormat.WEBP);
        assertThat(again.width()).isEqualTo(300);
        assertThat(again.height()).isEqualTo(200);
        assertThat(reopened.bytes()).isEqualTo(1000);
    }

    @Test
    void aReplacedVariantLeavesOneFile() throws IOException {
        VariantKey key = VariantKey.of("a.jpg", "cd".repeat(32), "jpeg");
        DiskCache cache = new DiskCache(dir, 1 << 20, false);
        cache.put(key, variant(100, (byte) 1, "v1"));
        cache.put(key, variant(120, (byte) 2, "v2"));
        assertThat(files()).hasSize(1);
        assertThat(cache.get(key).orElseThrow().etag()).isEqualTo("\"v2\"");
    }

    @Test
    void staysWithinItsByteBoundByDeletingFiles() throws IOException {
        DiskCache cache = new DiskCache(dir, 10_000, false);
        for (int i = 0; i < 40; i++) {
            cache.put(VariantKey.of("src-" + i + ".jpg", "ef".repeat(32), "webp"), variant(1000, (byte) i, "e" + i));
        }
        cache.cleanUp();
        assertThat(cache.bytes()).isLessThanOrEqualTo(10_000);
        long onDisk = 0;
        for (Path f : files()) {
            onDisk += Files.size(f);
        }
        assertThat(onDisk).isLessThanOrEqualTo(10_000);
    }

    @Test
    void purgeRemovesEveryVariantOfOneSourceOnly() throws IOException {
        DiskCache cache = new DiskCache(dir, 1 << 20, false);
        VariantKey a1 = VariantKey.of("a.jpg", "11".repeat(32), "webp");
        VariantKey a2 = VariantKey.of("a.jpg", "22".repeat(32), "auto-avif");
        VariantKey b = VariantKey.of("b.jpg", "33".repeat(32), "webp");
        cache.put(a1, variant(10, (byte) 1, "x"));
        cache.put(a2, variant(10, (byte) 1, "y"));
        cache.put(b, variant(10, (byte) 1, "z"));
        cache.purge("a.jpg");
        assertThat(cache.get(a1)).isEmpty();
        assertThat(cache.get(a2)).isEmpty();
        assertThat(cache.get(b)).isPresent();
        assertThat(files()).hasSize(1);
    }

    @Test
    void unfinishedWritesFromACrashAreRemovedAtStart() throws IOException {
        VariantKey key = VariantKey.of("a.jpg", "44".repeat(32), "webp");
        Path sourceDir = dir.resolve(key.sourceId().substring(0, 2)).resolve(key.sourceId());
        Files.createDirectories(sourceDir);
        Path temp = Files.write(sourceDir.resolve(key.variantId() + ".1.99.tmp"), new byte[50]);
        DiskCache cache = new DiskCache(dir, 1 << 20, false);
        assertThat(temp).doesNotExist();
        assertThat(cache.get(key)).isEmpty();
        assertThat(cache.entries()).isZero();
    }

    private java.util.List<Path> files() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }
}
