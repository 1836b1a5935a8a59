package dev.thumbd.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.problem.ProblemType;
import dev.thumbd.storage.Bodies;
import dev.thumbd.storage.ObjectMetadata;
import dev.thumbd.storage.ObjectStore;
import dev.thumbd.storage.ObjectStoreContractTest;
import dev.thumbd.storage.PutOptions;
import dev.thumbd.storage.StoredObject;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

class FileSystemObjectStoreTest extends ObjectStoreContractTest {
    @TempDir
    Path dir;

    private Path root;
    private FileSystemObjectStore store;

    @BeforeEach
    void open() throws IOException {
        root = Files.createDirectories(dir.resolve("data"));
        store = new FileSystemObjectStore(FileSystemStorageProperties.of(root));
    }

    @Override
    protected ObjectStore store() {
        return store;
    }

    @Test
    void objectsAreFilesUnderTheRootWithASidecar() throws IOException {
        byte[] bytes = Bodies.random(1, 1234);
        ObjectMetadata meta = put("photos/cat.jpg", bytes);
        assertThat(Files.readAllBytes(root.resolve("photos/cat.jpg"))).isEqualTo(bytes);
        assertThat(meta.sha256()).isEqualTo(Bodies.sha256(bytes));
        assertThat(meta.etag()).isEqualTo('"' + Bodies.sha256(bytes) + '"');
        assertThat(Files.readString(root.resolve(".thumbd/meta/photos/cat.jpg")))
                .contains("sha256=" + Bodies.sha256(bytes), "content-type=image/jpeg", "length=1234");
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void filesCopiedInByHandAreServed() throws IOException {
        byte[] bytes = Bodies.random(2, 5000);
        Files.createDirectories(root.resolve("in"));
        Files.write(root.resolve("in/dropped.png"), bytes);
        ObjectMetadata meta = store.head(key("in/dropped.png")).block(WAIT);
        assertThat(meta).isNotNull();
        assertThat(meta.contentType()).isEqualTo("image/png");
        assertThat(meta.sha256()).isEqualTo(Bodies.sha256(bytes));
        assertThat(read("in/dropped.png")).isEqualTo(bytes);
    }

    @Test
    void aCorruptedObjectIsNotServed() throws IOException {
        byte[] bytes = Bodies.random(3, 300_000);
        put("c.jpg", bytes);
        byte[] flipped = bytes.clone();
        flipped[150_000] ^= 0x01;
        Files.write(root.resolve("c.jpg"), flipped);
        StoredObject object = store.get(key("c.jpg")).block(WAIT);
        assertThat(object).isNotNull();
        assertThat(failure(object.content().then())).isEqualTo(ProblemType.CORRUPT_IMAGE);

        Files.write(root.resolve("c.jpg"), new byte[10]);
        assertThat(failure(store.get(key("c.jpg")).flatMap(o -> o.content().then())))
                .isEqualTo(ProblemType.CORRUPT_IMAGE);
    }

    @Test
    void reservedNamesAreNotKeys() {
        for (String k : List.of(".thumbd/meta/x", "a/.thumbd-tmp-0011", ".thumbd")) {
            assertThat(failure(store.head(key(k)))).as(k).isEqualTo(ProblemType.INVALID_PARAMETER);
            assertThat(failure(store.put(key(k), Bodies.of(new byte[1]), PutOptions.of("image/png")))).as(k)
                    .isEqualTo(ProblemType.INVALID_PARAMETER);
        }
    }

    @Test
    void aSymbolicLinkCannotLeadOutOfTheRoot() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(root.resolve("link"), outside);
        Files.createSymbolicLink(root.resolve("file-link.jpg"), outside.resolve("secret.txt"));

        assertThat(failure(store.get(key("link/secret.txt")))).isEqualTo(ProblemType.INVALID_PARAMETER);
        assertThat(failure(store.head(key("file-link.jpg")))).isEqualTo(ProblemType.INVALID_PARAMETER);
        assertThat(failure(store.put(key("link/new.jpg"), Bodies.of(new byte[3]), PutOptions.of("image/jpeg"))))
                .isEqualTo(ProblemType.INVALID_PARAMETER);
        assertThat(failure(store.put(key("link/sub/new.jpg"), Bodies.of(new byte[3]), PutOptions.of("image/jpeg"))))
                .isEqualTo(ProblemType.INVALID_PARAMETER);
        assertThat(store.list("link/").collectList().block(WAIT)).isEmpty();
        try (Stream<Path> s = Files.list(outside)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("secret.txt");
        }
    }

    @Test
    void aKeyCannotNestUnderAnObject() {
        put("a.jpg", new byte[1]);
        assertThat(failure(store.put(key("a.jpg/b.jpg"), Bodies.of(new byte[1]), PutOptions.of("image/jpeg"))))
                .isEqualTo(ProblemType.INVALID_PARAMETER);
        put("dir/b.jpg", new byte[1]);
        assertThat(failure(store.put(key("dir"), Bodies.of(new byte[1]), PutOptions.of("image/jpeg"))))
                .isEqualTo(ProblemType.INVALID_PARAMETER);
        assertThat(read("dir/b.jpg")).hasSize(1);
    }

    @Test
    void aCancelledUploadLeavesNothing() throws Exception {
        byte[] old = Bodies.random(4, 100);
        put("up.jpg", old);
        Sinks.Many<ByteBuffer> body = Sinks.many().unicast().onBackpressureBuffer();
        AtomicReference<Throwable> error = new AtomicReference<>();
        Disposable upload = store.put(key("up.jpg"), body.asFlux(), PutOptions.of("image/jpeg"))
                .subscribe(m -> error.set(new AssertionError("completed")), error::set);
        body.tryEmitNext(ByteBuffer.wrap(Bodies.random(5, 100_000)));
        awaitTempFiles(1);
        upload.dispose();
        awaitTempFiles(0);
        assertThat(error.get()).isNull();
        assertThat(read("up.jpg")).isEqualTo(old);
    }

    @Test
    void aFailedUploadLeavesNothing() throws IOException {
        Flux<ByteBuffer> failing = Flux.concat(Bodies.of(Bodies.random(6, 50_000)),
                Flux.error(new IOException("client went away")));
        Throwable e = org.assertj.core.api.Assertions.catchThrowable(
                () -> store.put(key("f.jpg"), failing, PutOptions.of("image/jpeg")).block(WAIT));
        assertThat(e).hasRootCauseMessage("client went away");
        assertThat(tempFiles()).isEmpty();
        assertThat(failure(store.head(key("f.jpg")))).isEqualTo(ProblemType.SOURCE_NOT_FOUND);
    }

    @Test
    void leftoverUploadsAreSweptWhenTheStoreOpens() throws IOException {
        Files.createDirectories(root.resolve("p"));
        Files.write(root.resolve("p/.thumbd-tmp-00aa00aa00aa00aa"), new byte[5]);
        new FileSystemObjectStore(FileSystemStorageProperties.of(root));
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void blockingWorkRunsOnTheIoScheduler() {
        String caller = Thread.currentThread().getName();
        AtomicReference<String> seen = new AtomicReference<>();
        store.put(key("t.jpg"), Bodies.of(new byte[10]), PutOptions.of("image/jpeg"))
                .then(store.get(key("t.jpg")))
                .flatMapMany(StoredObject::content)
                .doOnNext(b -> seen.set(Thread.currentThread().getName()))
                .blockLast(WAIT);
        assertThat(seen.get()).isNotEqualTo(caller).startsWith("boundedElastic");
    }

    private List<Path> tempFiles() throws IOException {
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (file.getFileName().toString().startsWith(".thumbd-tmp-")) {
                    found.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return found;
    }

    /** Waits (bounded) for the number of in-progress upload files, since cleanup after a cancel is asynchronous. */
    private void awaitTempFiles(int expected) throws Exception {
        for (int i = 0; i < 500 && tempFiles().size() != expected; i++) {
            Thread.sleep(10);
        }
        assertThat(tempFiles()).hasSize(expected);
    }
}
