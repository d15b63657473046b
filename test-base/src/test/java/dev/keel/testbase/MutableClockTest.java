package dev.keel.testbase;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class MutableClockTest {

    @Test
    void shouldMoveOnlyWhenToldToAndKeepNanosWhenAdvanced() {
        // Given
        MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");

        // When
        clock.advance(Duration.ofNanos(1_500_000));
        clock.advanceMillis(2);

        // Then
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:00:00.003500Z"));
        assertThat(clock.millis()).isEqualTo(Instant.parse("2026-01-01T00:00:00.003Z").toEpochMilli());
        clock.set("2030-03-11T08:00:00Z");
        assertThat(clock.instant()).isEqualTo(Instant.parse("2030-03-11T08:00:00Z"));
    }
}
