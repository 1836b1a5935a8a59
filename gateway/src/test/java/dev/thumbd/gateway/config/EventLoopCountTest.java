package dev.thumbd.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EventLoopCountTest {

    @Test
    void onePerProcessorUnlessConfigured() {
        assertThat(EventLoopCount.of(0, 2)).isEqualTo(2);
        assertThat(EventLoopCount.of(0, 16)).isEqualTo(16);
        assertThat(EventLoopCount.of(0, 0)).isEqualTo(1);
        assertThat(EventLoopCount.of(1, 16)).isEqualTo(1);
        assertThat(EventLoopCount.of(6, 2)).isEqualTo(6);
    }

    @Test
    void aNegativeCountIsRefusedAtStart() {
        assertThatThrownBy(() -> EventLoopCount.of(-1, 2)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("thumbd.gateway.event-loops");
    }
}
