package dev.thumbd.resizer.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** What every {@link JobLedger} must do; each ledger's test supplies an empty one. */
abstract class JobLedgerContractTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final Instant CREATED = Instant.parse("2026-12-01T10:00:00Z");

    abstract JobLedger ledger();

    JobStatus find(String id) {
        return Objects.requireNonNull(ledger().find(id).block(WAIT));
    }

    @Test
    void aJobIsCreatedOnceAndCountsEachVariantOnceHoweverOftenReported() {
        assertThat(ledger().create("j1", "thumbs", 4, CREATED).block(WAIT)).isTrue();
        assertThat(ledger().create("j1", "other", 9, CREATED).block(WAIT)).isFalse();
        assertThat(find("j1")).isEqualTo(new JobStatus("j1", "thumbs", 4, 0, java.util.List.of(), false, CREATED));
        assertThat(find("j1").state()).isEqualTo("queued");
        ledger().done("j1", "src=a.jpg&w=64").block(WAIT);
        ledger().done("j1", "src=a.jpg&w=64").block(WAIT);   // delivered twice: counted once
        assertThat(find("j1").done()).isEqualTo(1);
        assertThat(find("j1").state()).isEqualTo("running");
        JobStatus.Failure f = new JobStatus.Failure("b.jpg", "src=b.jpg&w=64", "corrupt-image", 422, "Broken.");
        ledger().failed("j1", f).block(WAIT);
        ledger().failed("j1", f).block(WAIT);
        ledger().done("j1", "src=a.jpg&w=128").block(WAIT);
        ledger().done("j1", "src=c.jpg&w=128").block(WAIT);
        JobStatus s = find("j1");
        assertThat(s.failures()).containsExactly(f);
        assertThat(s.done()).isEqualTo(3);
        assertThat(s.queued()).isZero();
        assertThat(s.state()).isEqualTo("failed");
    }

    @Test
    void aVariantDoneAfterItFailedOnceIsDone() {
        ledger().create("j2", "thumbs", 1, CREATED).block(WAIT);
        ledger().failed("j2", new JobStatus.Failure("a.jpg", "v", "internal-error", 500, "Dead-lettered.")).block(WAIT);
        ledger().done("j2", "v").block(WAIT);
        assertThat(find("j2").failures()).isEmpty();
        assertThat(find("j2").state()).isEqualTo("done");
    }

    @Test
    void cancellingIsSeenByEveryConsumerAndUnknownJobsCountAsCancelled() {
        ledger().create("j3", "thumbs", 2, CREATED).block(WAIT);
        assertThat(ledger().cancelled("j3").block(WAIT)).isFalse();
        assertThat(ledger().cancel("j3").block(WAIT)).isTrue();
        assertThat(ledger().cancelled("j3").block(WAIT)).isTrue();
        assertThat(find("j3").state()).isEqualTo("cancelled");
        assertThat(ledger().cancel("nope").block(WAIT)).isFalse();
        assertThat(ledger().cancelled("nope").block(WAIT)).isTrue();
        assertThat(ledger().find("nope").blockOptional(WAIT)).isEmpty();
        ledger().done("nope", "v").block(WAIT);   // reports of a forgotten job are dropped
        assertThat(ledger().find("nope").blockOptional(WAIT)).isEmpty();
    }

    @Test
    void aNotificationIsClaimedOnceAndOnlyWhenTheJobNamesOne() {
        ledger().create("j4", "thumbs", 1, CREATED, "https://hooks.example.com/thumbd").block(WAIT);
        ledger().create("j5", "thumbs", 1, CREATED).block(WAIT);
        assertThat(ledger().claimNotification("j4").block(WAIT)).isEqualTo("https://hooks.example.com/thumbd");
        assertThat(ledger().claimNotification("j4").blockOptional(WAIT)).isEmpty();
        assertThat(ledger().claimNotification("j5").blockOptional(WAIT)).isEmpty();
        assertThat(ledger().claimNotification("nope").blockOptional(WAIT)).isEmpty();
    }
}
