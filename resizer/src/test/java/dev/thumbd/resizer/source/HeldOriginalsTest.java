package dev.thumbd.resizer.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeldOriginalsTest {

    private static SourceImage original(String name, int bytes) {
        return new SourceImage(name, new byte[bytes], "\"v\"");
    }

    @Test
    void anOriginalSharedByManyRequestsCountsOnceUntilTheLastLetsGo() {
        HeldOriginals held = new HeldOriginals(100);
        SourceImage a = original("a", 60);
        assertThat(held.hold(a)).isTrue();
        assertThat(held.hold(a)).isTrue();
        assertThat(held.used()).isEqualTo(60);
        held.letGo(a);
        assertThat(held.used()).isEqualTo(60);
        held.letGo(a);
        assertThat(held.used()).isZero();
    }

    @Test
    void distinctOriginalsOverTheBoundAreRefusedButOneAloneIsAlwaysAdmitted() {
        HeldOriginals held = new HeldOriginals(100);
        SourceImage big = original("big", 150);
        assertThat(held.hold(big)).as("alone, larger than the bound").isTrue();
        assertThat(held.hold(original("small", 1))).as("beside it").isFalse();
        held.letGo(big);
        SourceImage a = original("a", 60);
        SourceImage b = original("b", 60);
        assertThat(held.hold(a)).isTrue();
        assertThat(held.hold(b)).isFalse();
        assertThat(held.used()).isEqualTo(60);
        assertThat(held.peak()).isEqualTo(150);
    }

    @Test
    void aReadReservesBeforeItAllocatesAndItsFirstHolderTakesTheReservationOver() {
        HeldOriginals held = new HeldOriginals(100);
        assertThat(held.reserve(70)).isTrue();
        assertThat(held.reserve(40)).as("a second read that does not fit beside the first").isFalse();
        SourceImage a = original("a", 70);
        held.readInto(a.bytes());
        assertThat(held.hold(a)).isTrue();
        held.readEnded(a.bytes());
        assertThat(held.used()).as("counted once, now by its holder").isEqualTo(70);
        held.letGo(a);
        assertThat(held.used()).isZero();
        // a read nobody held (its requests went away) gives its bytes back when it ends
        assertThat(held.reserve(30)).isTrue();
        byte[] orphan = new byte[30];
        held.readInto(orphan);
        held.readEnded(orphan);
        assertThat(held.used()).isZero();
    }
}
