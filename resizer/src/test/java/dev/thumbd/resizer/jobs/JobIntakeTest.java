package dev.thumbd.resizer.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.thumbd.key.ObjectKey;
import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.queue.JournaledQueue;
import dev.thumbd.spec.SpecParser;
import dev.thumbd.storage.ObjectStore;
import dev.thumbd.storage.PutOptions;
import dev.thumbd.storage.fs.FileSystemObjectStore;
import dev.thumbd.storage.fs.FileSystemStorageProperties;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** Intake: one entry per variant, idempotent by content, and a full queue refuses a job whole. */
class JobIntakeTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private JournaledQueue queue;
    private ObjectStore store;
    private JobIntake intake;
    private VariantSet set;

    @BeforeEach
    void setUp() throws Exception {
        queue = JournaledQueue.open(dir.resolve("journal"), Schedulers.boundedElastic(), 3);
        store = new FileSystemObjectStore(new FileSystemStorageProperties(dir.resolve("data"), false));
        SpecParser parser = SpecParser.standard();
        set = VariantSet.parse("two", "widths=100,200&formats=webp", parser);
        MemoryJobLedger ledger = new MemoryJobLedger(100, Duration.ofHours(1));
        intake = new JobIntake(Map.of("two", set), parser, store, queue, ledger,
                3, 5, "_derivatives", Clock.systemUTC(), Map.of("avatars/", "two"), WebhooksTesting.off(ledger, queue));
        for (String k : List.of("a.jpg", "b.jpg", "c/d.jpg", "c/e.jpg", "c/f.jpg", "c/g.jpg")) {
            put(k, k);
        }
    }

    @AfterEach
    void tearDown() {
        queue.close();
    }

    private void put(String key, String content) {
        store.put(ObjectKey.parse(key), Flux.just(ByteBuffer.wrap(content.getBytes())), PutOptions.of("image/jpeg"))
                .block(WAIT);
    }

    private long depth() {
        return Objects.requireNonNull(queue.stats().block(WAIT)).depth();
    }

    private ProblemType refusal(Runnable call) {
        Throwable e = catchThrowable(call::run);
        assertThat(e).isInstanceOf(ProblemException.class);
        return ((ProblemException) e).type();
    }

    @Test
    void theSameJobIsTheSameIdAndIsQueuedOnce() {
        JobIntake.Submitted first = Objects.requireNonNull(intake.submit(set, List.of("a.jpg"), null).block(WAIT));
        assertThat(first.created()).isTrue();
        assertThat(first.status().total()).isEqualTo(2);
        assertThat(depth()).isEqualTo(2);
        JobIntake.Submitted again = Objects.requireNonNull(intake.submit(set, List.of("a.jpg", "a.jpg"), null).block(WAIT));
        assertThat(again.created()).isFalse();
        assertThat(again.status().id()).isEqualTo(first.status().id());
        assertThat(depth()).isEqualTo(2);
        // another version of the original is another job
        put("a.jpg", "changed");
        JobIntake.Submitted changed = Objects.requireNonNull(intake.submit(set, List.of("a.jpg"), null).block(WAIT));
        assertThat(changed.status().id()).isNotEqualTo(first.status().id());
        assertThat(depth()).isEqualTo(4);
        // the entries name the job, the original, its version and the variant's canonical query
        var entries = Objects.requireNonNull(queue.read("t", 10).block(WAIT));
        assertThat(entries.getFirst().fields()).containsEntry(JobIntake.JOB, first.status().id())
                .containsEntry(JobIntake.KEY, "a.jpg").containsKey(JobIntake.ETAG)
                .containsEntry(JobIntake.VARIANT, "fmt=webp&src=a.jpg&w=100");
    }

    @Test
    void aJobThatWouldOverfillTheQueueIsRefusedWholeAndNothingOfItIsQueued() {
        intake.submit(set, List.of("a.jpg", "b.jpg"), null).block(WAIT);
        assertThat(depth()).isEqualTo(4);
        assertThat(refusal(() -> intake.submit(set, List.of("c/d.jpg"), null).block(WAIT))).isEqualTo(ProblemType.QUEUE_FULL);
        assertThat(depth()).isEqualTo(4);
        // drained, the same job is taken
        for (var d : Objects.requireNonNull(queue.read("t", 10).block(WAIT))) {
            queue.ack(d.id()).block(WAIT);
        }
        assertThat(Objects.requireNonNull(intake.submit(set, List.of("c/d.jpg"), null).block(WAIT)).created()).isTrue();
    }

    @Test
    void limitsAndUnknownsAreProblems() {
        assertThat(refusal(() -> intake.backfill(set, "c/", null).block(WAIT))).as("4 originals, 3 allowed")
                .isEqualTo(ProblemType.INVALID_PARAMETER);
        assertThat(refusal(() -> intake.submit(set, List.of("a.jpg", "b.jpg", "c/d.jpg", "c/e.jpg"), null)))
                .isEqualTo(ProblemType.INVALID_PARAMETER);
        assertThat(refusal(() -> intake.submit(set, List.of("_derivatives/x.webp"), null)))
                .isEqualTo(ProblemType.INVALID_PARAMETER);
        assertThat(refusal(() -> intake.set("variantSet", "nope"))).isEqualTo(ProblemType.INVALID_PARAMETER);
        assertThat(refusal(() -> intake.eagerSet("a.jpg", List.of("two", "two"))))
                .isEqualTo(ProblemType.INVALID_PARAMETER);
        assertThat(intake.eagerSet("avatars/me.jpg", null)).contains(set);
        assertThat(intake.eagerSet("other/me.jpg", null)).isEmpty();
        assertThat(refusal(() -> VariantSet.parse("bad", "widths=100&formats=gif", SpecParser.standard())))
                .isEqualTo(ProblemType.INVALID_PARAMETER);
    }
}
