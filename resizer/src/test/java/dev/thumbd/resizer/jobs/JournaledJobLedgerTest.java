package dev.thumbd.resizer.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.scheduler.Schedulers;

/** The ledger contract on the journaled ledger, and what only it must do: keep every job's progress over a restart. */
class JournaledJobLedgerTest extends JobLedgerContractTest {

    @TempDir
    Path data;
    private final MutableClock clock = new MutableClock();
    private JournaledJobLedger ledger;

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeEach
    void open() throws IOException {
        ledger = reopen(10_000);
    }

    private Path file() {
        return data.resolve("cache.journal.jobs");
    }

    private JournaledJobLedger reopen(int maxJobs) throws IOException {
        return JournaledJobLedger.open(file(), Schedulers.boundedElastic(), maxJobs, Duration.ofHours(1), clock);
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    @Override
    JobLedger ledger() {
        return ledger;
    }

    private void fill(String id) {
        ledger.create(id, "thumbs", 5, CREATED, "https://hooks.example.com/" + id).block(WAIT);
        ledger.done(id, "src=a.jpg&w=64").block(WAIT);
        ledger.done(id, "src=a.jpg&w=128").block(WAIT);
        ledger.failed(id, new JobStatus.Failure("b.jpg", "src=b.jpg&w=64", "corrupt-image", 422, "Broken ü.")).block(WAIT);
    }

    @Test
    void aRestartKeepsCountsFailuresCancellationAndTheClaimedNotification() throws IOException {
        fill("a");
        fill("b");
        ledger.cancel("b").block(WAIT);
        assertThat(ledger.claimNotification("b").block(WAIT)).isEqualTo("https://hooks.example.com/b");
        JobStatus a = find("a");
        JobStatus b = find("b");
        ledger.close();   // no flush step: every change was forced when it was made

        ledger = reopen(10_000);
        assertThat(find("a")).isEqualTo(a);
        assertThat(find("b")).isEqualTo(b);
        assertThat(find("a").state()).isEqualTo("running");
        assertThat(find("b").state()).isEqualTo("cancelled");
        assertThat(ledger.claimNotification("b").blockOptional(WAIT)).as("claimed before the restart").isEmpty();
        // and the job goes on where it stood
        ledger.done("a", "src=a.jpg&w=64").block(WAIT);
        ledger.done("a", "src=c.jpg&w=64").block(WAIT);
        ledger.done("a", "src=c.jpg&w=128").block(WAIT);
        assertThat(find("a").done()).isEqualTo(4);
        assertThat(find("a").state()).isEqualTo("failed");
        assertThat(ledger.claimNotification("a").block(WAIT)).isEqualTo("https://hooks.example.com/a");
    }

    @Test
    void aTornLastRecordIsCutAndWhatCameBeforeIsKept() throws IOException {
        fill("a");
        ledger.close();
        long size = Files.size(file());
        try (FileChannel ch = FileChannel.open(file(), StandardOpenOption.WRITE)) {
            ch.truncate(size - 3);   // a crash in the middle of writing the failure
        }
        ledger = reopen(10_000);
        assertThat(find("a").done()).isEqualTo(2);
        assertThat(find("a").failures()).isEmpty();
        ledger.failed("a", new JobStatus.Failure("b.jpg", "src=b.jpg&w=64", "corrupt-image", 422, "x")).block(WAIT);
        ledger.close();
        ledger = reopen(10_000);
        assertThat(find("a").failures()).hasSize(1);
    }

    @Test
    void theJournalIsCompactedAndJobsAreForgottenAfterKeepOrPastTheMostJobs() throws IOException {
        ledger.create("old", "thumbs", 1, CREATED).block(WAIT);
        clock.now = clock.now.plus(Duration.ofMinutes(59));
        ledger.create("live", "thumbs", 1000, CREATED).block(WAIT);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 500; i++) {
                ledger.done("live", "v" + i).block(WAIT);   // rounds 2 and 3 are redeliveries: nothing written
            }
        }
        assertThat(ledger.journalRecords()).isEqualTo(502);
        clock.now = clock.now.plus(Duration.ofMinutes(2));   // "old" is past keep, "live" is not
        assertThat(ledger.find("old").blockOptional(WAIT)).isEmpty();
        for (int i = 0; i < 1000; i++) {
            ledger.create("short" + i, "thumbs", 1, CREATED).block(WAIT);
            ledger.cancel("short" + i).block(WAIT);
        }
        assertThat(ledger.journalRecords()).isEqualTo(2502);
        clock.now = clock.now.plus(Duration.ofMinutes(30));
        ledger.done("live", "v500").block(WAIT);
        clock.now = clock.now.plus(Duration.ofMinutes(45));   // the short jobs are past keep now, "live" is not
        ledger.create("fresh", "thumbs", 1, CREATED).block(WAIT);
        assertThat(ledger.journalRecords()).as("compacted to what the live jobs need").isEqualTo(1 + 501 + 1);
        assertThat(ledger.find("short0").blockOptional(WAIT)).isEmpty();
        ledger.close();

        ledger = reopen(100);
        assertThat(find("live").done()).isEqualTo(501);
        assertThat(find("fresh").state()).isEqualTo("queued");
        assertThat(ledger.find("old").blockOptional(WAIT)).isEmpty();
        assertThat(ledger.find("short999").blockOptional(WAIT)).isEmpty();
        ledger.close();
        ledger = reopen(1);   // past the most jobs, the least recently changed go first
        assertThat(find("fresh").state()).isEqualTo("queued");
        assertThat(ledger.find("live").blockOptional(WAIT)).isEmpty();
    }
}
