package dev.thumbd.resizer.jobs;

import java.time.Duration;

class MemoryJobLedgerTest extends JobLedgerContractTest {

    private final MemoryJobLedger ledger = new MemoryJobLedger(1_000, Duration.ofHours(1));

    @Override
    JobLedger ledger() {
        return ledger;
    }
}
