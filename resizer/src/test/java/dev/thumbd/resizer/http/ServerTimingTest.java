package dev.thumbd.resizer.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerTimingTest {

    @ParameterizedTest
    @CsvSource({"0, 0.00", "4999, 0.00", "5000, 0.01", "1050000, 1.05", "1004999, 1.00", "1005000, 1.01",
            "99995000, 100.00", "12345678901, 12345.68"})
    void millisecondsWithTwoDecimals(long nanos, String expected) {
        StringBuilder b = new StringBuilder();
        ResizeHandler.millis(b, nanos);
        assertThat(b.toString()).isEqualTo(expected);
    }
}
