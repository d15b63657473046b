package dev.keel.router.routing;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class TtftWindowTest {

    private static TtftWindow window(int samples, int minSamples) {
        return new TtftWindow(samples, minSamples, 90, Duration.ofMillis(100), Duration.ofMillis(1000));
    }

    @Test
    void shouldUseTheMaximumUntilEnoughSamplesAreKnown() {
        TtftWindow window = window(100, 10);
        for (int i = 0; i < 9; i++) {
            window.record(Duration.ofMillis(200));
        }
        assertThat(window.delay()).isEqualTo(Duration.ofMillis(1000));
        window.record(Duration.ofMillis(200));
        assertThat(window.delay()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void shouldFollowThePercentileOfTheRecentSamples() {
        TtftWindow window = window(100, 10);
        for (int i = 1; i <= 100; i++) {
            window.record(Duration.ofMillis(100 + i * 5)); // 105 .. 600 ms
        }
        assertThat(window.delay()).isEqualTo(Duration.ofMillis(100 + 90 * 5));
        for (int i = 0; i < 100; i++) {
            window.record(Duration.ofMillis(300)); // the old samples leave the window
        }
        assertThat(window.delay()).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void shouldClampToTheBounds() {
        TtftWindow fast = window(10, 10);
        TtftWindow slow = window(10, 10);
        for (int i = 0; i < 10; i++) {
            fast.record(Duration.ofMillis(3));
            slow.record(Duration.ofSeconds(5));
        }
        assertThat(fast.delay()).isEqualTo(Duration.ofMillis(100));
        assertThat(slow.delay()).isEqualTo(Duration.ofMillis(1000));
    }
}
