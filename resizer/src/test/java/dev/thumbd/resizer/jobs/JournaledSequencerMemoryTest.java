package dev.thumbd.resizer.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.scheduler.Schedulers;

/**
 * The sequencer memory contract on the journaled memory, and what only it must do: keep what it remembers over a
 * restart, within its bounds (keys, and time since a key's last change), its journal compacted.
 */
class JournaledSequencerMemoryTest extends SequencerMemoryContractTest {

    @TempDir
    Path data;
    private final JournaledJobLedgerTest.MutableClock clock = new JournaledJobLedgerTest.MutableClock();
    private JournaledSequencerMemory memory;

    @BeforeEach
    void open() throws IOException {
        memory = reopen(10_000);
    }

    @AfterEach
    void close() {
        memory.close();
    }

    private Path file() {
        return data.resolve("cache.journal.sequencers");
    }

    private JournaledSequencerMemory reopen(int maxKeys) throws IOException {
        return JournaledSequencerMemory.open(file(), Schedulers.boundedElastic(), maxKeys, Duration.ofHours(1), clock);
    }

    private void restart(int maxKeys) throws IOException {
        memory.close();
        memory = reopen(maxKeys);
    }

    @Override
    SequencerMemory memory() {
        return memory;
    }

    @Test
    void aRestartKeepsEveryAdvanceAndRelease() throws IOException {
        advance("a.jpg", "0A");
        advance("b.jpg", "01");
        memory.release(advance("b.jpg", "02")).block(WAIT);
        memory.release(advance("c.jpg", "05")).block(WAIT);
        restart(10_000);
        assertThat(memory.remembered("a.jpg")).isEqualTo("0A");
        assertThat(memory.remembered("b.jpg")).isEqualTo("01");
        assertThat(memory.remembered("c.jpg")).isNull();
        assertThat(advance("a.jpg", "0A")).isNull();
        assertThat(advance("b.jpg", "02")).isNotNull();
        assertThat(advance("c.jpg", "05")).isNotNull();
    }

    @Test
    void aKeyIsForgottenKeepAfterItsLastChangeAndTheOldestGoPastMaxKeys() throws IOException {
        advance("old.jpg", "01");
        clock.now = clock.now.plus(Duration.ofMinutes(30));
        advance("new.jpg", "01");
        clock.now = clock.now.plus(Duration.ofMinutes(31));
        assertThat(memory.remembered("old.jpg")).isNull();
        assertThat(memory.remembered("new.jpg")).isEqualTo("01");
        assertThat(advance("old.jpg", "01")).isNotNull();   // handled again once forgotten

        restart(2);
        advance("x.jpg", "01");
        assertThat(memory.remembered("new.jpg")).isNull();   // the oldest change of three, past 2 keys
        assertThat(memory.remembered("old.jpg")).isEqualTo("01");
        assertThat(memory.remembered("x.jpg")).isEqualTo("01");
    }

    @Test
    void theJournalIsCompactedToTheLiveKeysAndStillReplays() throws IOException {
        for (int i = 1; i <= 3000; i++) {
            advance("k" + (i % 10) + ".jpg", String.format("%08X", i));
        }
        assertThat(memory.journalRecords()).isLessThan(1100);
        restart(10_000);
        for (int k = 0; k < 10; k++) {
            int last = 3000 - ((3000 - k) % 10);
            assertThat(memory.remembered("k" + k + ".jpg")).isEqualTo(String.format("%08X", last));
        }
    }

    @Test
    void aTornLastRecordIsCutAndTheRestReplays() throws IOException {
        advance("a.jpg", "01");
        advance("b.jpg", "01");
        memory.close();
        long size = Files.size(file());
        try (FileChannel ch = FileChannel.open(file(), StandardOpenOption.WRITE)) {
            ch.truncate(size - 3);
        }
        memory = reopen(10_000);
        assertThat(memory.remembered("a.jpg")).isEqualTo("01");
        assertThat(memory.remembered("b.jpg")).isNull();
    }
}
