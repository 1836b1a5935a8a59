package dev.thumbd.resizer.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.resizer.queue.WorkQueue.Delivery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

/**
 * The behaviour every {@link WorkQueue} engine must have. Each engine's test extends this class and supplies a fresh,
 * empty queue that dead-letters an entry on its fourth delivery ({@link #MAX_DELIVERIES} = 3).
 */
public abstract class WorkQueueContractTest {

    protected static final Duration WAIT = Duration.ofSeconds(30);
    protected static final long MAX_DELIVERIES = 3;

    /** The queue under test, empty at the start of every test. */
    protected abstract WorkQueue queue();

    @TempDir
    Path variants;

    protected String append(String variant) {
        return Objects.requireNonNull(queue().append(Map.of("variant", variant)).block(WAIT));
    }

    protected List<Delivery> read(String consumer, int max) {
        return Objects.requireNonNull(queue().read(consumer, max).block(WAIT));
    }

    protected WorkQueue.Reclaimed reclaim(String consumer, Duration minIdle) {
        return Objects.requireNonNull(queue().reclaim(consumer, minIdle, 100).block(WAIT));
    }

    protected WorkQueue.QueueStats stats() {
        return Objects.requireNonNull(queue().stats().block(WAIT));
    }

    /** The work: store the variant (a file named after it; storing it again replaces it), then acknowledge. */
    protected void process(Delivery d) throws IOException {
        Files.writeString(variants.resolve(d.fields().get("variant")), d.id());
        queue().ack(d.id()).block(WAIT);
    }

    protected Set<String> stored() throws IOException {
        try (Stream<Path> files = Files.list(variants)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    @Test
    void deliversEachEntryOnceInOrderWithItsFields() {
        List<String> ids = IntStream.range(0, 5).mapToObj(i -> append("v" + i)).toList();
        List<Delivery> first = read("a", 3);
        List<Delivery> rest = read("b", 10);
        assertThat(first).extracting(Delivery::id).containsExactlyElementsOf(ids.subList(0, 3));
        assertThat(rest).extracting(Delivery::id).containsExactlyElementsOf(ids.subList(3, 5));
        assertThat(first.getFirst().fields()).containsExactlyEntriesOf(Map.of("variant", "v0"));
        assertThat(first).allSatisfy(d -> assertThat(d.deliveries()).isEqualTo(1));
        assertThat(read("a", 10)).isEmpty();
    }

    @Test
    void idsGrowInAppendOrder() {
        List<String> ids = IntStream.range(0, 50).mapToObj(i -> append("v" + i)).toList();
        assertThat(ids).doesNotHaveDuplicates();
        List<long[]> parsed = ids.stream().map(id -> new long[] {Long.parseLong(id.split("-")[0]),
                Long.parseLong(id.split("-")[1])}).toList();
        for (int i = 1; i < parsed.size(); i++) {
            long[] a = parsed.get(i - 1);
            long[] b = parsed.get(i);
            assertThat(b[0] > a[0] || (b[0] == a[0] && b[1] > a[1])).as("%s after %s", ids.get(i), ids.get(i - 1))
                    .isTrue();
        }
    }

    @Test
    void acknowledgedEntriesLeaveTheQueueAndAreNeverDeliveredAgain() {
        append("v0");
        append("v1");
        List<Delivery> got = read("a", 10);
        assertThat(stats().depth()).isEqualTo(2);
        assertThat(stats().pending()).isEqualTo(2);
        queue().ack(got.get(0).id()).block(WAIT);
        queue().ack(got.get(0).id()).block(WAIT);   // twice: harmless
        assertThat(stats().depth()).isEqualTo(1);
        assertThat(stats().pending()).isEqualTo(1);
        WorkQueue.Reclaimed r = reclaim("b", Duration.ZERO);
        assertThat(r.deliveries()).extracting(Delivery::id).containsExactly(got.get(1).id());
        queue().ack(got.get(1).id()).block(WAIT);
        assertThat(reclaim("b", Duration.ZERO).deliveries()).isEmpty();
        assertThat(stats()).isEqualTo(new WorkQueue.QueueStats(0, 0, 0, 0));
    }

    @Test
    void entriesOfAConsumerThatIsStillWorkingAreNotTakenBeforeTheyAreIdleLongEnough() {
        append("v0");
        read("a", 10);
        assertThat(reclaim("b", Duration.ofHours(1)).deliveries()).isEmpty();
        assertThat(reclaim("b", Duration.ZERO).deliveries()).hasSize(1);
    }

    @Test
    void aWorkerThatDiesMidBatchLeavesItsEntriesToAnotherAndEveryVariantIsStoredExactlyOnce() throws IOException {
        List<String> names = IntStream.range(0, 20).mapToObj(i -> "w" + i + ".webp").toList();
        names.forEach(this::append);
        // worker a takes a batch of 12, stores 5 and dies: 3 acknowledged, 2 stored but not acknowledged
        List<Delivery> batch = read("a", 12);
        assertThat(batch).hasSize(12);
        for (Delivery d : batch.subList(0, 3)) {
            process(d);
        }
        for (Delivery d : batch.subList(3, 5)) {
            Files.writeString(variants.resolve(d.fields().get("variant")), d.id());
        }
        // worker b carries on: the new entries, then what a left behind
        List<Delivery> fresh = read("b", 100);
        assertThat(fresh).hasSize(8);
        for (Delivery d : fresh) {
            process(d);
        }
        WorkQueue.Reclaimed taken = reclaim("b", Duration.ZERO);
        assertThat(taken.deliveries()).extracting(Delivery::id)
                .containsExactlyElementsOf(batch.subList(3, 12).stream().map(Delivery::id).toList());
        assertThat(taken.deliveries()).allSatisfy(d -> assertThat(d.deliveries()).isEqualTo(2));
        for (Delivery d : taken.deliveries()) {
            process(d);
        }
        assertThat(stored()).containsExactlyInAnyOrderElementsOf(names);
        assertThat(stats().depth()).isZero();
        assertThat(stats().pending()).isZero();
    }

    @Test
    void anEntryDeliveredTooOftenGoesToTheDeadLettersWithItsFields() {
        String poison = append("poison.avif");
        String fine = append("fine.webp");
        assertThat(read("a", 10)).hasSize(2);
        queue().ack(fine).block(WAIT);
        // each consumer that takes it dies
        for (int delivery = 2; delivery <= MAX_DELIVERIES; delivery++) {
            WorkQueue.Reclaimed r = reclaim("w" + delivery, Duration.ZERO);
            assertThat(r.deliveries()).singleElement().satisfies(d -> assertThat(d.id()).isEqualTo(poison));
            assertThat(r.deliveries().getFirst().deliveries()).isEqualTo(delivery);
            assertThat(r.deadLettered()).isZero();
        }
        WorkQueue.Reclaimed last = reclaim("w-last", Duration.ZERO);
        assertThat(last.deliveries()).isEmpty();
        assertThat(last.deadLettered()).isEqualTo(1);
        assertThat(reclaim("w-after", Duration.ZERO).deliveries()).isEmpty();
        assertThat(read("w-after", 10)).isEmpty();
        assertThat(stats().depth()).isZero();
        assertThat(stats().deadLetters()).isEqualTo(1);
        List<Delivery> dead = Objects.requireNonNull(queue().deadLetters(10).block(WAIT));
        assertThat(dead).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo(poison);
            assertThat(d.fields()).containsExactlyEntriesOf(Map.of("variant", "poison.avif"));
            assertThat(d.deliveries()).isEqualTo(MAX_DELIVERIES + 1);
        });
    }

    @Test
    void statsCountWhatWaitsAndWhatIsPending() {
        assertThat(stats()).isEqualTo(new WorkQueue.QueueStats(0, 0, 0, 0));
        for (int i = 0; i < 4; i++) {
            append("v" + i);
        }
        read("a", 1);
        WorkQueue.QueueStats s = stats();
        assertThat(s.depth()).isEqualTo(4);
        assertThat(s.pending()).isEqualTo(1);
        assertThat(s.oldestMillis()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void anEntryWithoutFieldsIsRefused() {
        StepVerifier.create(queue().append(Map.of())).expectError(IllegalArgumentException.class).verify(WAIT);
    }

    @Test
    void deliveriesAreReadOnlyAsDemandAsks() {
        for (int i = 0; i < 20; i++) {
            append("v" + i);
        }
        AtomicInteger reclaimed = new AtomicInteger();
        Deliveries deliveries = new Deliveries(queue(), "slow", 2, Duration.ofHours(1), Duration.ofMillis(20),
                reclaimed::addAndGet, n -> { });
        StepVerifier.create(deliveries.flux(), 0)
                .thenRequest(3)
                .expectNextCount(3)
                .thenCancel()
                .verify(WAIT);
        // the slow consumer holds at most one batch beyond its demand: the rest is there for others
        assertThat(read("other", 100)).hasSizeGreaterThanOrEqualTo(20 - 3 - 2);
        assertThat(reclaimed).hasValue(0);
    }

    @Test
    void deliveriesTakeOverIdleEntriesBeforeNewOnes() {
        String left = append("left");
        read("dead-worker", 1);
        String fresh = append("fresh");
        List<Integer> reclaimed = new ArrayList<>();
        Deliveries deliveries = new Deliveries(queue(), "heir", 5, Duration.ZERO, Duration.ofMillis(20),
                reclaimed::add, n -> { });
        StepVerifier.create(deliveries.flux().map(Delivery::id).take(2)).expectNext(left, fresh).verifyComplete();
        assertThat(reclaimed).containsExactly(1);
    }
}
