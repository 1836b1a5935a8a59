package dev.thumbd.resizer.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.resizer.queue.WorkQueue.Delivery;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.scheduler.Schedulers;

/** The queue contract on the embedded engine, and what only it must do: survive a restart from its journal. */
class JournaledQueueTest extends WorkQueueContractTest {

    @TempDir
    Path data;
    private JournaledQueue queue;

    @BeforeEach
    void open() throws IOException {
        queue = reopen();
    }

    private JournaledQueue reopen() throws IOException {
        return JournaledQueue.open(data.resolve("queue/jobs.journal"), Schedulers.boundedElastic(), MAX_DELIVERIES);
    }

    @AfterEach
    void close() {
        queue.close();
    }

    @Override
    protected WorkQueue queue() {
        return queue;
    }

    @Test
    void aRestartLosesNothingAndHandsOverWhatWasInProgressAtOnce() throws IOException {
        List<String> ids = IntStream.range(0, 10).mapToObj(i -> append("v" + i)).toList();
        List<Delivery> taken = read("before", 4);
        queue.ack(taken.get(0).id()).block(WAIT);
        String poison = taken.get(1).id();
        queue.close();   // no flush or shutdown step: every change was forced when it was made

        queue = reopen();
        assertThat(stats().depth()).isEqualTo(9);
        assertThat(stats().pending()).isEqualTo(3);
        // what was in progress belongs to nobody now: taken over without waiting, its delivery count kept
        WorkQueue.Reclaimed r = reclaim("after", Duration.ofHours(1));
        assertThat(r.deliveries()).extracting(Delivery::id).containsExactlyElementsOf(ids.subList(1, 4));
        assertThat(r.deliveries()).allSatisfy(d -> assertThat(d.deliveries()).isEqualTo(2));
        assertThat(read("after", 100)).extracting(Delivery::id).containsExactlyElementsOf(ids.subList(4, 10));
        assertThat(r.deliveries().getFirst().fields()).containsExactlyEntriesOf(Map.of("variant", "v1"));
        // a crash on the same entry again and again still ends in the dead letters
        for (int i = 0; i < MAX_DELIVERIES; i++) {
            queue.close();
            queue = reopen();
            reclaim("again" + i, Duration.ofHours(1));
        }
        assertThat(queue.deadLetters(10).block(WAIT)).extracting(Delivery::id).contains(poison);
        // new ids still grow after the restart
        String next = append("next");
        assertThat(RedisStreamQueue.millisOf(next)).isGreaterThanOrEqualTo(RedisStreamQueue.millisOf(ids.getLast()));
        assertThat(next).isNotIn(ids);
    }

    @Test
    void aJournalOpenInOneQueueCannotBeOpenedByAnother() {
        org.assertj.core.api.Assertions.assertThatThrownBy(this::reopen).isInstanceOf(IOException.class)
                .hasMessageContaining("open in another process");
    }

    @Test
    void aTornLastRecordIsCutAndEverythingBeforeItKept() throws IOException {
        append("v0");
        append("v1");
        queue.close();
        Path file = data.resolve("queue/jobs.journal");
        long size = Files.size(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size - 3);   // the crash came in the middle of the second record
        }
        queue = reopen();
        assertThat(read("a", 10)).extracting(d -> d.fields().get("variant")).containsExactly("v0");
        append("v2");
        queue.close();
        queue = reopen();
        assertThat(stats().depth()).isEqualTo(2);
    }

    @Test
    void aCorruptRecordEndsTheReplayThere() throws IOException {
        append("v0");
        append("v1");
        queue.close();
        Path file = data.resolve("queue/jobs.journal");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 2] ^= 0x55;   // the checksum of the second record no longer matches
        Files.write(file, bytes);
        queue = reopen();
        assertThat(stats().depth()).isEqualTo(1);
    }

    @Test
    void theJournalIsCompactedAndStillReplaysTheSameQueue() throws IOException {
        for (int i = 0; i < 1500; i++) {
            String id = append("done" + i);
            queue.read("a", 1).block(WAIT);
            queue.ack(id).block(WAIT);
        }
        List<String> keep = IntStream.range(0, 3).mapToObj(i -> append("keep" + i)).toList();
        read("a", 1);
        assertThat(queue.journalRecords()).isLessThan(1500);
        queue.close();
        queue = reopen();
        assertThat(stats().depth()).isEqualTo(3);
        assertThat(reclaim("b", Duration.ofHours(1)).deliveries()).extracting(Delivery::id)
                .containsExactly(keep.getFirst());
        assertThat(read("b", 10)).extracting(Delivery::id).containsExactlyElementsOf(keep.subList(1, 3));
    }
}
