package dev.thumbd.resizer.codec;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thumbd.resizer.codec.jpeg.TurboJpeg;
import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;
import org.junit.jupiter.api.Test;

class NativeLibraryTest {

    @Test
    void aMissingLibraryIsReportedAndItsHandlesThrowNamingTheSymbol() {
        NativeLibrary missing = NativeLibrary.open("libthumbd-does-not-exist.so.7");
        MethodHandle handle = missing.downcall("nothing", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

        assertThat(missing.unavailableReason()).hasValueSatisfying(
                reason -> assertThat(reason).contains("libthumbd-does-not-exist.so.7"));
        assertThat(missing.has("nothing")).isFalse();
        assertThatThrownBy(() -> {
            int ignored = (int) handle.invokeExact(1);
        }).isInstanceOf(IllegalStateException.class).hasMessageContaining("nothing");
    }

    @Test
    void aMissingSymbolInAPresentLibraryIsReportedByName() {
        NativeCodecs.turboJpeg();
        NativeLibrary turbo = NativeLibrary.open(TurboJpeg.SONAME);
        assertThat(turbo.unavailableReason()).isEmpty();

        turbo.downcall("tjNoSuchFunction", FunctionDescriptor.ofVoid());

        assertThat(turbo.unavailableReason()).hasValueSatisfying(
                reason -> assertThat(reason).contains("tjNoSuchFunction").contains(TurboJpeg.SONAME));
        assertThat(turbo.resolvedFileName()).startsWith(TurboJpeg.SONAME);
    }
}
