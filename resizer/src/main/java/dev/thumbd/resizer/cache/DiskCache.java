package dev.thumbd.resizer.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.thumbd.spec.ImageFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * L2: encoded thumbnails as files on local disk, bounded in bytes, kept across restarts.
 *
 * <p>Layout: {@code <dir>/<sourceId[0..2]>/<sourceId>/<variantId>.<etag>.<w>x<h>.<ext>}: one directory per original,
 * so purging every variant of a source is one directory removal. A file is written under a temporary name, forced to
 * disk, and renamed into place, so a crash leaves either the whole file or nothing (leftover temporaries are removed
 * at start). The index of what is on disk lives in memory, in a Caffeine cache weighted by file size whose evictions
 * delete the files: the disk level gets the same W-TinyLFU policy as L1. At start the directory is scanned to rebuild
 * the index.
 *
 * <p>All methods do file I/O and block: call them from a scheduler meant for blocking work, never an event loop.
 */
public final class DiskCache {

    private static final Logger LOG = LoggerFactory.getLogger(DiskCache.class);
    private static final Pattern FILE = Pattern.compile(
            "([0-9a-f]{64})\\.([A-Za-z0-9_-]{1,64})\\.([0-9]{1,5})x([0-9]{1,5})\\.([a-z]{3,4})");
    private static final String TEMP_SUFFIX = ".tmp";

    private final Path dir;
    private final long maxBytes;
    private final boolean fsync;
    private final Cache<String, DiskEntry> index;
    private final AtomicLong tempCounter = new AtomicLong();

    /**
     * Opens (and creates) the cache directory and indexes what it holds.
     *
     * @param dir      the directory, used by this cache alone
     * @param maxBytes bound on the sum of file sizes
     * @param fsync    force each file to disk before publishing it
     */
    public DiskCache(Path dir, long maxBytes, boolean fsync) {
        this.dir = dir.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
        this.fsync = fsync;
        this.index = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String k, DiskEntry e) -> (int) Math.min(Integer.MAX_VALUE, e.length()))
                .executor(Runnable::run)
                .removalListener((String k, DiskEntry e, RemovalCause cause) -> {
                    if (e != null && cause.wasEvicted()) {
                        deleteQuietly(e.file());
                    }
                })
                .recordStats()
                .build();
        try {
            Files.createDirectories(this.dir);
            rebuildIndex();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the disk cache at " + this.dir, e);
        }
    }

    /** The entry for {@code key} if its file is on disk. */
    public Optional<DiskEntry> get(VariantKey key) {
        DiskEntry e = index.getIfPresent(indexKey(key.sourceId(), key.variantId()));
        if (e != null && !Files.isRegularFile(e.file())) {
            index.invalidate(indexKey(key.sourceId(), key.variantId()));
            return Optional.empty();
        }
        return Optional.ofNullable(e);
    }

    /** Reads a cached file into memory; empty if it disappeared meanwhile (evicted or purged). */
    public Optional<byte[]> read(DiskEntry entry) {
        try {
            byte[] data = Files.readAllBytes(entry.file());
            return data.length == entry.length() ? Optional.of(data) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a variant (temp file, optional fsync, atomic rename) and indexes it. */
    public DiskEntry put(VariantKey key, Variant variant) throws IOException {
        Path sourceDir = sourceDir(key.sourceId());
        Files.createDirectories(sourceDir);
        String etagToken = variant.etag().substring(1, variant.etag().length() - 1);
        Path target = sourceDir.resolve(key.variantId() + "." + etagToken + "." + variant.width() + "x"
                + variant.height() + "." + variant.format().extension());
        Path temp = sourceDir.resolve(key.variantId() + "." + tempCounter.incrementAndGet() + "." + ProcessHandle.current().pid()
                + TEMP_SUFFIX);
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(variant.data());
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            if (fsync) {
                ch.force(true);
            }
        } catch (IOException e) {
            deleteQuietly(temp);
            throw e;
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        DiskEntry entry = new DiskEntry(target, variant.data().length, variant.format(), variant.etag(),
                variant.width(), variant.height());
        DiskEntry old = index.asMap().put(indexKey(key.sourceId(), key.variantId()), entry);
        if (old != null && !old.file().equals(target)) {
            deleteQuietly(old.file());
        }
        return entry;
    }

    /** Removes every variant of {@code source} from disk and index. */
    public void purge(String source) throws IOException {
        String sourceId = VariantKey.sourceId(source);
        index.asMap().keySet().removeIf(k -> k.startsWith(sourceId + "/"));
        Path sourceDir = sourceDir(sourceId);
        if (!Files.isDirectory(sourceDir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(sourceDir)) {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
        }
        try {
            Files.deleteIfExists(sourceDir);
        } catch (java.nio.file.DirectoryNotEmptyException racing) {
            // a put for this source raced with the purge; its file is new and stays
        }
    }

    /** Bytes of the indexed files. */
    public long bytes() {
        return index.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    public long maxBytes() {
        return maxBytes;
    }

    public long entries() {
        return index.estimatedSize();
    }

    public Path directory() {
        return dir;
    }

    /** Applies pending evictions now (deleting their files). */
    public void cleanUp() {
        index.cleanUp();
    }

    private Path sourceDir(String sourceId) {
        return dir.resolve(sourceId.substring(0, 2)).resolve(sourceId);
    }

    private static String indexKey(String sourceId, String variantId) {
        return sourceId + "/" + variantId;
    }

    private void rebuildIndex() throws IOException {
        long[] counts = new long[2];
        try (Stream<Path> files = Files.walk(dir, 3)) {
            files.filter(Files::isRegularFile).forEach(f -> {
                String name = f.getFileName().toString();
                if (name.endsWith(TEMP_SUFFIX)) {
                    deleteQuietly(f);
                    counts[1]++;
                    return;
                }
                Matcher m = FILE.matcher(name);
                Optional<ImageFormat> format = m.matches() ? extensionFormat(m.group(5)) : Optional.empty();
                String sourceId = f.getParent().getFileName().toString();
                if (format.isEmpty() || !sourceId.matches("[0-9a-f]{64}")) {
                    return;
                }
                try {
                    index.put(indexKey(sourceId, m.group(1)), new DiskEntry(f, Files.size(f), format.get(),
                            '"' + m.group(2) + '"', Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))));
                    counts[0]++;
                } catch (IOException e) {
                    LOG.warn("skipping unreadable cache file {}: {}", f, e.toString());
                }
            });
        }
        index.cleanUp();
        LOG.info("disk cache {}: {} thumbnails, {} bytes of {} allowed; {} unfinished writes removed", dir, counts[0],
                bytes(), maxBytes, counts[1]);
    }

    private static Optional<ImageFormat> extensionFormat(String ext) {
        for (ImageFormat f : ImageFormat.values()) {
            if (f.isOutput() && f.extension().equals(ext)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    private static void deleteQuietly(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            LOG.warn("cannot delete cache file {}: {}", f, e.toString());
        }
    }
}
