package dev.thumbd.resizer.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** What every {@link SequencerMemory} must do; each memory's test supplies an empty one. */
abstract class SequencerMemoryContractTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    abstract SequencerMemory memory();

    SequencerMemory.Claim advance(String key, String sequencer) {
        return memory().advance(key, sequencer).block(WAIT);
    }

    @Test
    void aKeyAdvancesOnlyToGreaterSequencers() {
        assertThat(advance("a.jpg", "0055B8A1")).isEqualTo(new SequencerMemory.Claim("a.jpg", "0055B8A1", null));
        assertThat(advance("a.jpg", "0055B8A1")).isNull();   // the same record again
        assertThat(advance("a.jpg", "0055B89F")).isNull();   // an older one, late
        assertThat(advance("a.jpg", "0055B8A2"))
                .isEqualTo(new SequencerMemory.Claim("a.jpg", "0055B8A2", "0055B8A1"));
        assertThat(advance("b.jpg", "01")).isEqualTo(new SequencerMemory.Claim("b.jpg", "01", null));
    }

    @Test
    void sequencersCompareAsS3SaysTheShorterPaddedWithZerosThenAsTextWhateverTheCase() {
        assertThat(advance("c.jpg", "FF")).isNotNull();
        assertThat(advance("c.jpg", "00FF")).isNull();       // equal once padded
        assertThat(advance("c.jpg", "0100")).isNotNull();    // longer and greater
        assertThat(advance("c.jpg", "ff")).isNull();         // shorter: 00ff < 0100
        assertThat(advance("c.jpg", "010a")).isNotNull();    // a > 0 whatever the case
        assertThat(advance("c.jpg", "010A")).isNull();
        assertThat(advance("c.jpg", "010B")).isNotNull();
        assertThat(advance("d.jpg", "")).isNotNull();        // a record without one: once
        assertThat(advance("d.jpg", "")).isNull();
        assertThat(advance("d.jpg", "00")).isNull();
        assertThat(SequencerMemory.compare("9", "A")).isNegative();
        assertThat(SequencerMemory.compare("0A", "a")).isZero();
    }

    @Test
    void aReleasedClaimGoesBackToThePreviousSequencerOrForgetsTheKey() {
        SequencerMemory.Claim first = advance("e.jpg", "10");
        memory().release(first).block(WAIT);
        assertThat(advance("e.jpg", "10")).isEqualTo(first);   // handled again

        SequencerMemory.Claim second = advance("e.jpg", "20");
        memory().release(second).block(WAIT);
        assertThat(advance("e.jpg", "10")).isNull();           // back to 10, not forgotten
        assertThat(advance("e.jpg", "20")).isEqualTo(second);
    }

    @Test
    void aReleaseLeavesAKeyAdvancedFurtherSinceAlone() {
        SequencerMemory.Claim claim = advance("f.jpg", "10");
        advance("f.jpg", "30");
        memory().release(claim).block(WAIT);
        assertThat(advance("f.jpg", "20")).isNull();
        assertThat(advance("f.jpg", "30")).isNull();
    }

    @Test
    void ofManyCallersAdvancingAKeyToTheSameSequencerAtOnceOneGetsTheClaim() {
        List<SequencerMemory.Claim> claims = Flux.range(0, 32)
                .flatMap(i -> memory().advance("g.jpg", "0A").subscribeOn(Schedulers.parallel()), 32)
                .collectList().block(WAIT);
        assertThat(claims).containsExactly(new SequencerMemory.Claim("g.jpg", "0A", null));
    }
}
