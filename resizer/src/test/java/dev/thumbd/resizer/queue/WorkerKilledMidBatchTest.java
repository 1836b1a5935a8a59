package dev.thumbd.resizer.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A worker JVM killed with SIGKILL in the middle of a batch (one variant stored, not acknowledged; the rest of its
 * batch not started): another worker takes its entries over with {@code XAUTOCLAIM} and in the end every variant
 * exists exactly once.
 */
class WorkerKilledMidBatchTest {

    @TempDir
    Path variants;

    @Test
    void entriesOfAKilledWorkerAreReclaimedAndEveryVariantExistsExactlyOnce() throws Exception {
        try (RedisServer redis = RedisServer.start();
                RedisStreamQueue queue = RedisStreamQueue.connect(redis.uri(), "thumbd:jobs", "renderers", 3)) {
            List<String> names = IntStream.range(0, 30).mapToObj(i -> "photo" + i + "-w256.webp").toList();
            for (String n : names) {
                queue.append(Map.of("variant", n)).block(Duration.ofSeconds(10));
            }
            Process worker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), QueueWorkerProcess.class.getName(), redis.uri(),
                    "thumbd:jobs", variants.toString(), "8", "5").redirectErrorStream(true).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(worker.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                do {
                    line = out.readLine();
                } while (line != null && !line.equals("stalled"));
                assertThat(line).as("the worker reached the middle of its batch").isEqualTo("stalled");
            }
            worker.destroyForcibly().waitFor();   // SIGKILL: no shutdown hook, no cleanup
            assertThat(worker.exitValue()).isEqualTo(137);

            WorkQueue.QueueStats before = Objects.requireNonNull(queue.stats().block());
            assertThat(before.depth()).isEqualTo(30 - 5);
            assertThat(before.pending()).as("its batch and a prefetched one at most").isBetween(3L, 16L);

            // the heir takes the killed worker's entries over (they have been idle since the kill: no wait is needed
            // here, as it is known to be dead), then reads on as demand asks; its own entries are never taken back
            // from it while it works on them (an idle time longer than any render)
            WorkQueue.Reclaimed taken = Objects.requireNonNull(queue.reclaim("heir", Duration.ZERO, 100).block());
            assertThat(taken.deliveries()).hasSize((int) before.pending());
            Deliveries heir = new Deliveries(queue, "heir", 8, Duration.ofHours(1), Duration.ofMillis(20), n -> { },
                    n -> { });
            int[] redelivered = {0};
            // never block on the Redis client's threads: store, then acknowledge, as one asynchronous step
            Flux.concat(Flux.fromIterable(taken.deliveries()), heir.flux()).take(25).concatMap(d -> Mono.fromCallable(() -> {
                if (d.deliveries() > 1) {
                    redelivered[0]++;
                }
                return Files.writeString(variants.resolve(d.fields().get("variant")), d.id());
            }).subscribeOn(Schedulers.boundedElastic()).then(queue.ack(d.id()))).blockLast(Duration.ofSeconds(60));

            try (Stream<Path> files = Files.list(variants)) {
                List<String> stored = files.map(p -> p.getFileName().toString()).sorted().toList();
                assertThat(stored).containsExactlyInAnyOrderElementsOf(names);
            }
            assertThat(redelivered[0]).isEqualTo(before.pending());
            assertThat(queue.stats().block()).isEqualTo(new WorkQueue.QueueStats(0, 0, 0, 0));
            assertThat(names.stream().collect(Collectors.toSet())).hasSize(30);
        }
    }
}
