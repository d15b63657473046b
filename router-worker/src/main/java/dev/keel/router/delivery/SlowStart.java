package dev.keel.router.delivery;

import java.time.Clock;
import java.time.Duration;

/**
 * A starting worker's in-flight limit. From its first request on, the limit rises in a straight line from
 * {@link #floor} to the full capacity over {@code duration}, then stays there. Why: a fresh JVM interprets
 * and compiles its code for its first seconds, and it takes its partitions with their backlog. With the
 * whole {@code max-in-flight} of calls at once, the threads that read the provider streams wait behind
 * the others for the CPU. The calls then miss the time-to-first-token timeout, every provider's cooldown
 * opens, and the outage is the worker's own. Held back, the records wait in the worker (their
 * {@code queue_ms} grows) instead of failing. Not thread-safe: {@link LanePermits} calls it under its lock.
 */
final class SlowStart {

    /** The limit a start begins at, unless the capacity is lower. */
    static final int FLOOR = 64;

    private final Clock clock;
    private final long durationMs;
    private final int capacity;
    private final int floor;
    private long startedAtMs = -1;

    SlowStart(int capacity, Duration duration, Clock clock) {
        this.clock = clock;
        this.durationMs = duration.toMillis();
        this.capacity = capacity;
        this.floor = Math.min(capacity, FLOOR);
    }

    /** Always the full capacity. */
    static SlowStart off(int capacity) {
        return new SlowStart(capacity, Duration.ZERO, Clock.systemUTC());
    }

    /** The limit now; the first call starts the ramp. */
    int limit() {
        if (durationMs <= 0 || floor == capacity) {
            return capacity;
        }
        long now = clock.millis();
        if (startedAtMs < 0) {
            startedAtMs = now;
        }
        long elapsed = now - startedAtMs;
        if (elapsed >= durationMs) {
            return capacity;
        }
        return floor + (int) ((capacity - floor) * elapsed / durationMs);
    }

    /** Whether the limit may still rise (waiters must look again after a while, not only on a release). */
    boolean ramping() {
        return durationMs > 0 && floor < capacity && (startedAtMs < 0 || clock.millis() - startedAtMs < durationMs);
    }
}
