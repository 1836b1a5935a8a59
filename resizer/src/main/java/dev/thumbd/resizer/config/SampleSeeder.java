package dev.thumbd.resizer.config;

import dev.thumbd.key.ObjectKey;
import dev.thumbd.storage.ObjectStore;
import dev.thumbd.storage.ObjectNotFoundException;
import dev.thumbd.storage.PutOptions;
import dev.thumbd.storage.WriteCondition;
import dev.thumbd.storage.PreconditionFailedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/**
 * Copies the images of {@code thumbd.seed.dir} into the store under their file names, create-only, so the embedded
 * default has something to show and a user's own objects are never replaced.
 */
@Component
class SampleSeeder implements ApplicationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(SampleSeeder.class);
    private static final List<String> IMAGE_EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif");

    private final ThumbdProperties properties;
    private final ObjectStore store;

    SampleSeeder(ThumbdProperties properties, ObjectStore store) {
        this.properties = properties;
        this.store = store;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        Path dir = properties.seed().dir();
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        int added = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (!Files.isRegularFile(f) || IMAGE_EXTENSIONS.stream().noneMatch(
                        e -> name.toLowerCase(Locale.ROOT).endsWith(e))) {
                    continue;
                }
                ObjectKey key = ObjectKey.of(name, "seed file name");   // a file name is literal text, never decoded
                boolean present = store.head(key).map(m -> true)
                        .onErrorResume(ObjectNotFoundException.class, e -> reactor.core.publisher.Mono.just(false))
                        .block(Duration.ofSeconds(30));
                if (present) {
                    continue;
                }
                byte[] bytes = Files.readAllBytes(f);
                try {
                    store.put(key, Flux.just(ByteBuffer.wrap(bytes)), PutOptions.of(mediaType(name))
                            .withLength(bytes.length).withCondition(WriteCondition.CREATE_ONLY))
                            .block(Duration.ofSeconds(30));
                    added++;
                } catch (PreconditionFailedException raced) {
                    // created meanwhile: keep it
                }
            }
        }
        LOG.info("seeded {} sample images from {}", added, dir.toAbsolutePath());
    }

    private static String mediaType(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".png")) {
            return "image/png";
        }
        if (n.endsWith(".webp")) {
            return "image/webp";
        }
        if (n.endsWith(".avif")) {
            return "image/avif";
        }
        if (n.endsWith(".gif")) {
            return "image/gif";
        }
        return "image/jpeg";
    }
}
