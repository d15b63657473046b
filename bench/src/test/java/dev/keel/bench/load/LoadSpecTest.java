package dev.keel.bench.load;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class LoadSpecTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void shouldRampTheWarmUpFromZeroToTheRateThenHoldIt() {
        // Given 100 requests/s after a 10 s warm-up
        LoadSpec spec = LoadSpec.of(100, Duration.ofSeconds(30)).withWarmUp(Duration.ofSeconds(10));

        // Then: the ramp sends half of 100 x 10 s; a quarter of them in its first half, as a straight-line rate gives
        assertThat(spec.warmUpRequests()).isEqualTo(500);
        assertThat(spec.offsetNanos(0)).isZero();
        assertThat(spec.offsetNanos(125)).isEqualTo(5 * SECOND);
        assertThat(spec.offsetNanos(500)).isEqualTo(10 * SECOND);
        // and the measured part runs at the rate, with no drift
        assertThat(spec.offsetNanos(501) - spec.offsetNanos(500)).isEqualTo(SECOND / 100);
        assertThat(spec.offsetNanos(500 + 3000)).isEqualTo(40 * SECOND);
        // the ramp's pace only rises
        for (int i = 1; i < 500; i++) {
            assertThat(spec.offsetNanos(i + 1) - spec.offsetNanos(i)).isLessThanOrEqualTo(spec.offsetNanos(i) - spec.offsetNanos(i - 1));
        }
    }

    @Test
    void shouldStartAtTheFullRateWithoutAWarmUp() {
        LoadSpec spec = LoadSpec.of(100, Duration.ofSeconds(30)).withWarmUp(Duration.ZERO);

        assertThat(spec.warmUpRequests()).isZero();
        assertThat(spec.offsetNanos(1)).isEqualTo(SECOND / 100);
    }
}
