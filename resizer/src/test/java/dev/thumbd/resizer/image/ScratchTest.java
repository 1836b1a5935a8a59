package dev.thumbd.resizer.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class ScratchTest {

    @Test
    void slotsAreReusedWhileLargeEnough() {
        try (Scratch s = new Scratch()) {
            byte[] a = s.bytes(Scratch.Slot.DECODED, 1000);
            assertThat(s.bytes(Scratch.Slot.DECODED, 900)).isSameAs(a);
            assertThat(s.bytes(Scratch.Slot.DECODED, 1000)).isSameAs(a);
            byte[] b = s.bytes(Scratch.Slot.DECODED, 1001);
            assertThat(b).isNotSameAs(a);
            assertThat(b.length).isGreaterThanOrEqualTo(1125);
            assertThat(s.bytes(Scratch.Slot.RESIZED, 10)).isNotSameAs(b);
        }
    }

    @Test
    void buffersOverTheRetainLimitAreNotKept() {
        try (Scratch s = new Scratch(4096)) {
            byte[] big = s.bytes(Scratch.Slot.DECODED, 10_000);
            assertThat(s.bytes(Scratch.Slot.DECODED, 10_000)).isNotSameAs(big);
            assertThat(s.retainedBytes()).isZero();
            float[] f = s.floats(Scratch.Slot.KERNEL_PLANE, 100);
            assertThat(s.floats(Scratch.Slot.KERNEL_PLANE, 100)).isSameAs(f);
        }
    }

    @Test
    void nativeSegmentsAreAlignedReusedAndFreedOnClose() {
        Scratch s = new Scratch();
        MemorySegment a = s.nativeSegment(Scratch.Slot.SOURCE_NATIVE, 100);
        assertThat(a.byteSize()).isEqualTo(100);
        assertThat(a.address() % 64).isZero();
        MemorySegment b = s.nativeSegment(Scratch.Slot.SOURCE_NATIVE, 50);
        assertThat(b.address()).isEqualTo(a.address());
        s.close();
        assertThatThrownBy(() -> a.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> s.bytes(Scratch.Slot.DECODED, 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void poisonFillsHeldAndFutureBuffers() {
        try (Scratch s = new Scratch()) {
            byte[] held = s.bytes(Scratch.Slot.DECODED, 64);
            MemorySegment seg = s.nativeSegment(Scratch.Slot.DECODE_NATIVE, 64);
            s.poison((byte) 0x5A);
            assertThat(held).containsOnly((byte) 0x5A);
            assertThat(seg.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)).containsOnly((byte) 0x5A);
            assertThat(s.bytes(Scratch.Slot.RESIZED, 32)).containsOnly((byte) 0x5A);
        }
    }
}
