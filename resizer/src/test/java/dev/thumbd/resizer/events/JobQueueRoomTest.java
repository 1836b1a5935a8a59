package dev.thumbd.resizer.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thumbd.resizer.queue.JournaledQueue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.scheduler.Schedulers;

/** The room for messages follows the real queue's depth up to the watermark. */
class JobQueueRoomTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private JournaledQueue queue;

    @BeforeEach
    void open() throws Exception {
        queue = JournaledQueue.open(dir.resolve("journal"), Schedulers.boundedElastic(), 3);
    }

    @AfterEach
    void close() {
        queue.close();
    }

    private void append(int n) {
        for (int i = 0; i < n; i++) {
            queue.append(Map.of("n", "" + i)).block(WAIT);
        }
    }

    @Test
    void roomShrinksAsTheQueueFillsAndIsNoneAtTheWatermark() {
        // max depth 100, watermark 0.8: 80 entries; 6 renders a message
        JobQueueRoom room = new JobQueueRoom(queue, 100, 0.8, 6, WAIT);
        assertThat(room.messages()).as("80 / 6 = 13, at most SQS's 10").isEqualTo(10);
        append(30);
        assertThat(room.messages()).as("(80 - 30) / 6").isEqualTo(8);
        append(45);
        assertThat(room.messages()).as("(80 - 75) / 6: not a whole message").isZero();
        append(10);
        assertThat(room.messages()).as("past the watermark").isZero();
        String id = queue.read("c", 20).block(WAIT).getFirst().id();
        queue.ack(id).block(WAIT);
        assertThat(room.messages()).as("84 still queued").isZero();
    }

    @Test
    void theWatermarkIsAFractionOfTheDepth() {
        assertThatThrownBy(() -> new JobQueueRoom(queue, 100, 0, 1, WAIT)).hasMessageContaining("watermark");
        assertThatThrownBy(() -> new JobQueueRoom(queue, 100, 1.5, 1, WAIT)).hasMessageContaining("watermark");
        assertThat(new JobQueueRoom(queue, 4, 1.0, 2, WAIT).messages()).isEqualTo(2);
    }
}
