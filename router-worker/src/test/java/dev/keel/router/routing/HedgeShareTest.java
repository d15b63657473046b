package dev.keel.router.routing;

import dev.keel.testbase.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class HedgeShareTest {

    private final MutableClock clock = MutableClock.at("2026-12-01T12:00:00Z");

    private static int acquire(HedgeShare share, int tries) {
        int granted = 0;
        for (int i = 0; i < tries; i++) {
            granted += share.tryAcquire() ? 1 : 0;
        }
        return granted;
    }

    @Test
    void shouldGrantTheShareOfEligibleCallsInTheWindow() {
        HedgeShare share = new HedgeShare(10, Duration.ofSeconds(10), clock);
        for (int i = 0; i < 200; i++) {
            share.eligible();
        }
        assertThat(acquire(share, 50)).isEqualTo(20);
    }

    @Test
    void shouldForgetCallsOnceTheyLeaveTheWindow() {
        HedgeShare share = new HedgeShare(10, Duration.ofSeconds(10), clock);
        for (int i = 0; i < 100; i++) {
            share.eligible();
        }
        assertThat(acquire(share, 20)).isEqualTo(10);
        clock.advance(Duration.ofSeconds(5));
        assertThat(acquire(share, 1)).as("still within the window").isZero();
        clock.advance(Duration.ofSeconds(6));
        assertThat(acquire(share, 5)).as("a quiet window still allows one").isEqualTo(1);
    }

    @Test
    void shouldGiveBackAHedgeThatDidNotStart() {
        HedgeShare share = new HedgeShare(10, Duration.ofSeconds(10), clock);
        for (int i = 0; i < 10; i++) {
            share.eligible();
        }
        assertThat(share.tryAcquire()).isTrue();
        assertThat(share.tryAcquire()).isFalse();
        share.release();
        assertThat(share.tryAcquire()).isTrue();
    }

    @Test
    void shouldNeverHedgeAtAZeroShare() {
        HedgeShare share = new HedgeShare(0, Duration.ofSeconds(10), clock);
        share.eligible();
        assertThat(share.tryAcquire()).isFalse();
    }
}
