package dev.thumbd.storage.fs;

import dev.thumbd.key.ObjectKey;
import dev.thumbd.problem.ProblemException;
import dev.thumbd.spec.InvalidParameterException;
import dev.thumbd.spec.ParameterName;
import dev.thumbd.storage.ContentDigest;
import dev.thumbd.storage.ObjectMetadata;
import dev.thumbd.storage.ObjectNotFoundException;
import dev.thumbd.storage.ObjectStore;
import dev.thumbd.storage.PreconditionFailedException;
import dev.thumbd.storage.PutOptions;
import dev.thumbd.storage.StoreUnavailableException;
import dev.thumbd.storage.StoredObject;
import dev.thumbd.storage.WriteCondition;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.Lock;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import org.jspecify.annotations.Nullable;

/*
 * Design notes
 *
 * Atomicity. An upload streams into a temporary file in the target's own directory, is verified (declared length,
 * SHA-256, MD5), forced to disk, and renamed over the target (rename(2) is atomic within a filesystem, POSIX.1-2017).
 * Its sidecar is written the same way. A failed or cancelled upload deletes its temporary file; one left behind by
 * a crash is deleted when the store opens. Readers therefore see the old bytes or the new bytes, never a prefix.
 *
 * Data and sidecar are two renames. Within this process both happen under the key's write lock, and readers take
 * the read lock to read a sidecar and open a file, so they never see one without the other. A crash between the
 * two renames leaves new bytes with the old sidecar: the SHA-256 check refuses that object as corrupt until it is
 * written again. The store assumes it is the only process writing to its root.
 *
 * Conditions. The condition of a put is evaluated under the write lock, immediately before the renames, so two
 * concurrent create-only puts of one key cannot both succeed.
 *
 * Threads. Every blocking call runs on the given scheduler (bounded elastic by default), never on the subscriber's
 * thread: a WebFlux event loop must not wait for a disk.
 *
 * Files dropped into the root by hand (without a sidecar) are served too; their SHA-256 is computed on every
 * head or get, so writing objects through put is cheaper.
 */

/** The embedded {@link ObjectStore}: objects as files under a root directory, written atomically and verified. */
public final class FileSystemObjectStore implements ObjectStore {
    private final FileLayout layout;
    private final boolean fsync;
    private final Scheduler scheduler;
    private final KeyLocks locks = new KeyLocks();
    private final ObjectReader reader;

    /** A store with the given settings, doing its I/O on Reactor's shared bounded elastic scheduler. */
    public FileSystemObjectStore(FileSystemStorageProperties properties) {
        this(properties, Schedulers.boundedElastic());
    }

    /**
     * A store doing its blocking I/O on {@code scheduler}. Creates the root if needed and deletes uploads a previous
     * process left unfinished.
     */
    public FileSystemObjectStore(FileSystemStorageProperties properties, Scheduler scheduler) {
        this.layout = new FileLayout(properties.root());
        this.fsync = properties.fsync();
        this.scheduler = scheduler;
        this.reader = new ObjectReader(scheduler);
        KeyListing.deleteLeftoverUploads(layout.root());
    }

    /** The real path of the root directory. */
    public Path root() {
        return layout.root();
    }

    @Override
    public Mono<ObjectMetadata> head(ObjectKey key) {
        return io(() -> describeLocked(key).metadata());
    }

    @Override
    public Mono<StoredObject> get(ObjectKey key) {
        Lock readLock = locks.of(key).readLock();
        return io(() -> describeLocked(key))
                .map(s -> new StoredObject(s.metadata(), reader.content(s, readLock).onErrorMap(this::translate)));
    }

    @Override
    public Mono<ObjectMetadata> put(ObjectKey key, Flux<ByteBuffer> body, PutOptions options) {
        return Mono.usingWhen(
                io(() -> begin(key, options)),
                upload -> body.publishOn(scheduler)
                        .doOnNext(buffer -> write(upload, buffer))
                        .then(io(() -> commit(key, upload, options))),
                upload -> discard(upload),
                (upload, error) -> discard(upload),
                upload -> discard(upload));
    }

    @Override
    public Mono<Boolean> delete(ObjectKey key) {
        return io(() -> {
            Path object = layout.objectPath(key);
            Lock lock = locks.of(key).writeLock();
            lock.lock();
            try {
                boolean existed = layout.existingObject(key) != null && Files.deleteIfExists(object);
                Path sidecar = layout.sidecarPath(key);
                // a sidecar is a file: a key that is a prefix of others ("photos") names their directories
                if (Files.isRegularFile(sidecar, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(sidecar);
                }
                return existed;
            } finally {
                lock.unlock();
            }
        });
    }

    @Override
    public Flux<ObjectMetadata> list(String prefix) {
        String checked = ObjectKey.checkPrefix(prefix);
        return io(() -> KeyListing.keys(layout.root(), checked))
                .flatMapIterable(keys -> keys)
                .concatMap(key -> head(key).onErrorResume(ObjectNotFoundException.class, e -> Mono.empty()));
    }

    private Upload begin(ObjectKey key, PutOptions options) throws IOException {
        Path target = layout.objectPath(key);
        layout.prepareParent(key, target);
        return Upload.begin(key, options, target);
    }

    private static void write(Upload upload, ByteBuffer buffer) {
        try {
            upload.write(buffer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Mono<Void> discard(Upload upload) {
        return io(() -> {
            upload.discard();
            return true;
        }).then();
    }

    private ObjectMetadata commit(ObjectKey key, Upload upload, PutOptions options) throws IOException {
        Sidecar sidecar = upload.seal(fsync);
        Path target = layout.objectPath(key);
        Path sidecarTarget = layout.sidecarPath(key);
        layout.prepareParent(key, sidecarTarget);
        Path sidecarTemp = Upload.tempNextTo(sidecarTarget);
        try {
            writeSynced(sidecarTemp, sidecar.encode());
            Lock lock = locks.of(key).writeLock();
            lock.lock();
            try {
                check(key, options.condition());
                if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw new InvalidParameterException(ParameterName.SRC,
                            "a storage key that is not a directory of other objects", key.value());
                }
                upload.moveTo(target);
                Files.move(sidecarTemp, sidecarTarget, StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } finally {
                lock.unlock();
            }
            if (fsync) {
                FileLayout.syncDirectory(target.getParent());
                FileLayout.syncDirectory(sidecarTarget.getParent());
            }
        } finally {
            Files.deleteIfExists(sidecarTemp);
        }
        BasicFileAttributes attributes = Files.readAttributes(target, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        return metadata(key, sidecar, attributes);
    }

    /** Checks a write condition; call with the key's write lock held. */
    private void check(ObjectKey key, WriteCondition condition) throws IOException {
        switch (condition) {
            case WriteCondition.Unconditional c -> {
            }
            case WriteCondition.IfNoneMatch c -> {
                if (layout.existingObject(key) != null) {
                    throw PreconditionFailedException.of(key, condition);
                }
            }
            case WriteCondition.IfMatch c -> {
                ObjectReader.Snapshot current = describeOrNull(key);
                if (current == null || !current.metadata().etag().equals(c.etag())) {
                    throw PreconditionFailedException.of(key, condition);
                }
            }
        }
    }

    private ObjectReader.Snapshot describeLocked(ObjectKey key) throws IOException {
        Lock lock = locks.of(key).readLock();
        lock.lock();
        try {
            ObjectReader.Snapshot snapshot = describeOrNull(key);
            if (snapshot == null) {
                throw new ObjectNotFoundException(key);
            }
            return snapshot;
        } finally {
            lock.unlock();
        }
    }

    private ObjectReader.@Nullable Snapshot describeOrNull(ObjectKey key) throws IOException {
        Path file = layout.existingObject(key);
        if (file == null) {
            return null;
        }
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        Sidecar sidecar = Sidecar.read(layout.sidecarPath(key));
        if (sidecar == null) {
            sidecar = new Sidecar(attributes.size(), MediaTypes.guess(key.name()), sha256Of(file));
        }
        return new ObjectReader.Snapshot(metadata(key, sidecar, attributes), file, attributes.fileKey());
    }

    private static ObjectMetadata metadata(ObjectKey key, Sidecar sidecar, BasicFileAttributes attributes) {
        return new ObjectMetadata(key, sidecar.length(), sidecar.contentType(), sidecar.etag(), sidecar.sha256(),
                attributes.lastModifiedTime().toInstant());
    }

    private static String sha256Of(Path file) throws IOException {
        ContentDigest digest = ContentDigest.sha256Only();
        byte[] chunk = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            for (int n; (n = in.read(chunk)) > 0; ) {
                digest.update(ByteBuffer.wrap(chunk, 0, n));
            }
        }
        return digest.sha256();
    }

    private void writeSynced(Path path, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (fsync) {
                channel.force(true);
            }
        }
    }

    /** Runs blocking work on the I/O scheduler, translating I/O failures. */
    private <T> Mono<T> io(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(scheduler).onErrorMap(this::translate);
    }

    private Throwable translate(Throwable error) {
        boolean io = error instanceof IOException || error instanceof UncheckedIOException;
        if (error instanceof ProblemException || !io) {
            return error;
        }
        return new StoreUnavailableException("the data directory cannot be read or written", false, error);
    }
}
