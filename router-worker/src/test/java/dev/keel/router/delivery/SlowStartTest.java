package dev.keel.router.delivery;

import dev.keel.schemas.Lane;
import dev.keel.testbase.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SlowStartTest {

    @Test
    void shouldRiseFromTheFloorToTheCapacityInAStraightLineFromTheFirstRequest() {
        MutableClock clock = MutableClock.at("2026-12-01T00:00:00Z");
        SlowStart slowStart = new SlowStart(2048, Duration.ofSeconds(10), clock);

        clock.advance(Duration.ofMinutes(5)); // idle time before the first request does not count
        assertThat(slowStart.limit()).isEqualTo(64);
        clock.advance(Duration.ofSeconds(5));
        assertThat(slowStart.limit()).isEqualTo(64 + (2048 - 64) / 2);
        assertThat(slowStart.ramping()).isTrue();
        clock.advance(Duration.ofSeconds(5));
        assertThat(slowStart.limit()).isEqualTo(2048);
        assertThat(slowStart.ramping()).isFalse();
    }

    @Test
    void shouldNotHoldBackACapacityAtOrBelowTheFloorOrWhenOff() {
        MutableClock clock = MutableClock.at("2026-12-01T00:00:00Z");
        assertThat(new SlowStart(16, Duration.ofSeconds(10), clock).limit()).isEqualTo(16);
        assertThat(new SlowStart(2048, Duration.ZERO, clock).limit()).isEqualTo(2048);
        assertThat(new SlowStart(16, Duration.ofSeconds(10), clock).ramping()).isFalse();
    }

    @Test
    void shouldLetAWaiterInOnceTheRampRaisesTheLimitWithoutARelease() throws Exception {
        // Given: a capacity of 128 ramping over 10 s, its 64 starting permits taken
        MutableClock clock = MutableClock.at("2026-12-01T00:00:00Z");
        LanePermits permits = new LanePermits(128, 0.25, new SlowStart(128, Duration.ofSeconds(10), clock));
        for (int i = 0; i < 64; i++) {
            permits.acquire(Lane.INTERACTIVE);
        }
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                permits.acquire(Lane.INTERACTIVE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> waiter.getState() == Thread.State.TIMED_WAITING);

        // When: a second passes (the limit is then 70) and nothing is released
        clock.advance(Duration.ofSeconds(1));

        // Then: the waiter gets its permit
        await().atMost(Duration.ofSeconds(5)).until(() -> waiter.getState() == Thread.State.TERMINATED);
    }
}
